using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>
/// Minibatch standard deviation (Karras et al. 2018): the standard deviation of each feature across the batch,
/// averaged over features, is appended to every row as one more feature. A collapsed batch has a small value the
/// discriminator can learn to reject. Statistics are taken over the whole batch (one group).
/// </summary>
internal sealed class MinibatchStandardDeviationLayer() : nn.Module<Tensor, Tensor>("minibatch_stddev")
{
    public const int ExtraFeatures = 1;

    public override Tensor forward(Tensor features)
    {
        var spread = (features.var(0, unbiased: false) + 1e-8).sqrt().mean(); // epsilon keeps the gradient finite at zero spread
        return cat(new[] { features, spread.expand(features.shape[0], 1) }, 1);
    }
}
