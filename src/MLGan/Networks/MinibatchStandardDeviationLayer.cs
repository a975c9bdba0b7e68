using TorchSharp;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Networks;

/// <summary>
/// Minibatch standard deviation (Karras et al. 2018): the standard deviation of each feature across the batch,
/// averaged over features, is appended to every row as one more feature. A collapsed batch has a small value the
/// discriminator can learn to reject. Statistics are taken over the whole batch (one group).
/// </summary>
/// <remarks>
/// The variance is computed in two passes (the mean, then the mean squared deviation from it), not with
/// <c>Tensor.var</c>: libtorch reduces <c>var</c> over the batch with Welford's update one element at a time, which
/// took 300 µs of a 256 x 128 batch against 60 µs for the two passes (430 vs 230 µs with the backward pass), and the
/// discriminator runs this layer three times a step (benchmarks/RESULTS.md).
/// </remarks>
internal sealed class MinibatchStandardDeviationLayer() : nn.Module<Tensor, Tensor>("minibatch_stddev")
{
    public const int ExtraFeatures = 1;

    // Keeps the gradient finite at zero spread; held for the process (an implicit Scalar can be finalized mid-call).
    private static readonly Scalar Epsilon = 1e-8.ToScalar();
    private static readonly long[] Batch = { 0 };

    public override Tensor forward(Tensor features)
    {
        var centred = features - features.mean(Batch);
        var spread = centred.Squared().mean(Batch).AddInPlace(Epsilon).sqrt().mean();
        return cat(new[] { features, spread.expand(features.shape[0], 1) }, 1);
    }
}
