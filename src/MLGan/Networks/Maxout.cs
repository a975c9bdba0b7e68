using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>
/// Maxout (Goodfellow et al. 2013): [N, units · pieces] → [N, units], each unit the maximum of its consecutive pieces;
/// the gradient goes to the largest piece, split evenly between equal ones.
/// </summary>
/// <remarks>
/// The pieces are copied into piece-major order ([N, pieces, units]) before the maximum. libtorch reduces a short
/// innermost dimension element by element, in the forward pass and in the backward pass (which compares every piece
/// with its unit's maximum), but vectorizes across an outer one: the copy costs less than it saves (PacGAN's
/// discriminator, 100 rows x 200 units x 5 pieces: 560–650 → 450 µs per layer, forward and backward; benchmarks/RESULTS.md).
/// The values and gradients are the same (the maximum is exact).
/// </remarks>
internal sealed class Maxout(int pieces) : nn.Module<Tensor, Tensor>("maxout")
{
    public override Tensor forward(Tensor input)
        => input.reshape(input.shape[0], input.shape[1] / pieces, pieces).transpose(1, 2).contiguous().amax(new long[] { 1 });
}
