using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Remedies;

/// <summary>
/// Linear learning-rate decay to 0 over the run, for every optimizer of the run. Late, small steps let the
/// generator settle on the modes instead of circling them, which sharpens samples.
/// </summary>
internal sealed class LearningRateDecay(int totalSteps, IReadOnlyList<(optim.Optimizer Optimizer, double InitialRate)> optimizers)
{
    /// <summary>Sets each optimizer's rate for the step after <paramref name="completedSteps"/> generator steps.</summary>
    public void Apply(int completedSteps)
    {
        double factor = Math.Max(0, 1 - (double)completedSteps / totalSteps);
        foreach (var (optimizer, rate) in optimizers)
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = rate * factor;
    }
}
