using static TorchSharp.torch;

namespace MLGan.Remedies;

/// <summary>
/// PacGAN packing (Lin et al. 2018): the discriminator judges <c>degree</c> rows at once, concatenated into one
/// input, so a generator that repeats itself is easy to tell apart from the data. Rows of a batch are packed in
/// order: [B, d] becomes [B / degree, degree · d]; real rows are packed with real rows, generated with generated.
/// </summary>
internal sealed class Packing(int degree)
{
    /// <summary>The discriminator's input width for rows of <paramref name="featureSize"/> values.</summary>
    public int InputSize(int featureSize) => featureSize * degree;

    public Tensor Pack(Tensor rows) => degree == 1 ? rows : rows.reshape(rows.shape[0] / degree, rows.shape[1] * degree);
}
