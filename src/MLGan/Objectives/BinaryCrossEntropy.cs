using static TorchSharp.torch;

namespace MLGan.Objectives;

/// <summary>Binary cross-entropy on logits, written with softplus for numerical stability.</summary>
internal static class BinaryCrossEntropy
{
    /// <summary>-log sigmoid(real) - log(1 - sigmoid(fake)), averaged over each batch.</summary>
    public static Tensor Discriminator(Tensor realScores, Tensor fakeScores)
        => realScores.neg().softplus().mean() + fakeScores.softplus().mean();
}
