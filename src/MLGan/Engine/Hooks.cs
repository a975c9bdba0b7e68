using static TorchSharp.torch;

namespace MLGan.Engine;

/// <summary>Runs after each optimizer step of the phase it is attached to.</summary>
internal interface IPhaseHook
{
    void AfterUpdate(TrainingRun run);
}

/// <summary>Wraps every run of a phase: entered before its batch is drawn, disposed after its update.</summary>
internal interface IPhaseWrapper
{
    IDisposable? Enter(TrainingRun run);
}

/// <summary>Runs once after each training step (all phases), when <see cref="TrainingRun.CompletedSteps"/> has counted it.</summary>
internal interface IStepHook
{
    void AfterStep(TrainingRun run);
}

/// <summary>Changes the rows the discriminator sees (real and generated alike) before it scores them.</summary>
internal interface IDiscriminatorInput
{
    Tensor Apply(Tensor rows, Generator random);
}

/// <summary>A hook that needs the run's players before the first step (to copy weights, create an optimizer or a stream).</summary>
internal interface IRunAttachable
{
    void Attach(TrainingRun run);
}
