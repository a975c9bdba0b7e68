using static TorchSharp.torch;

namespace MLGan.Objectives;

/// <summary>
/// One adversarial objective: the discriminator's and the generator's loss, each a pure function
/// of the discriminator's raw scores (logits for the classifier objectives, critic values for Wasserstein).
/// </summary>
internal interface IGanObjective
{
    Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores);

    Tensor GeneratorLoss(Tensor fakeScores);
}
