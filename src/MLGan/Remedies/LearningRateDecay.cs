using MLGan.Engine;
using TorchSharp;

using static MLGan.OptionChecks;

namespace MLGan.Remedies;

/// <summary>
/// Linear learning-rate decay to 0 over the run, for every optimizer of the run (lookahead optimizers included). Late,
/// small steps let the generator settle on the modes instead of circling them, which sharpens samples.
/// </summary>
internal sealed class LearningRateDecay(int totalSteps) : IStepHook
{
    public void AfterStep(TrainingRun run) => Apply(run.CompletedSteps, run.Optimizers);

    /// <summary>Sets each optimizer's rate for the step after <paramref name="completedSteps"/> steps.</summary>
    public void Apply(int completedSteps, IEnumerable<(torch.optim.Optimizer Optimizer, double InitialRate)> optimizers)
    {
        double factor = Math.Max(0, 1 - (double)completedSteps / totalSteps);
        foreach (var (optimizer, rate) in optimizers)
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = rate * factor;
    }
}

/// <summary><see cref="GanScheduleOptions.LearningRateDecay"/>.</summary>
internal sealed class LearningRateDecayRemedy : IRemedy
{
    public void Validate(GanOptions options) { } // a switch: nothing to check

    public bool IsOn(GanOptions options) => options.Schedule.LearningRateDecay;

    public void AddTo(TrainingPlan plan, GanOptions options) => plan.StepHooks.Add(new LearningRateDecay(plan.TotalSteps));
}
