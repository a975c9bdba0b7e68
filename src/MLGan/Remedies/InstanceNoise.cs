using static TorchSharp.torch;

namespace MLGan.Remedies;

/// <summary>
/// Instance noise (Sønderby et al. 2017; Arjovsky &amp; Bottou 2017): Gaussian noise added to every row the
/// discriminator sees, real and generated, so the two distributions overlap and the discriminator cannot
/// separate them perfectly early on. The standard deviation (in standardized feature units) falls linearly
/// from its initial value to 0 at the end of training.
/// </summary>
internal sealed class InstanceNoise(double initialStd, int totalSteps)
{
    /// <summary>The noise level after <paramref name="completedSteps"/> generator steps.</summary>
    public double StdAt(int completedSteps) => initialStd * Math.Max(0, 1 - (double)completedSteps / totalSteps);

    public Tensor Apply(Tensor rows, int completedSteps, Generator random)
    {
        double std = StdAt(completedSteps);
        return std > 0 ? rows + std * randn(rows.shape, dtype: rows.dtype, device: rows.device, generator: random) : rows;
    }
}
