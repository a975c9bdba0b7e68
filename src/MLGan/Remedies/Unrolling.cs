using MLGan.Engine;
using TorchSharp;
using static TorchSharp.torch;

using static MLGan.OptionChecks;

namespace MLGan.Remedies;

/// <summary>
/// Unrolled discriminator (Metz et al. 2017), first-order, as a wrapper around the generator's phase: before it, the
/// discriminator's phase runs <c>steps</c> times on batches outside the epoch schedule with its own Adam state and its
/// own random stream (so the generator's phase sees the same latents with or without unrolling); the generator learns
/// against the result; then the discriminator's parameters and buffers are restored exactly.
/// </summary>
internal sealed class Unrolling(int steps) : IPhaseWrapper, IRunAttachable, ICheckpointed, IDisposable
{
    private optim.Optimizer? _lookahead;
    private Generator? _random;

    public void Attach(TrainingRun run)
    {
        _lookahead = run.Discriminator.CreateAdam();
        run.RegisterOptimizer(_lookahead, run.Discriminator.Adam.LearningRate);
        _random = new Generator(RandomStreams.Lookahead(run.Seed), run.Device);
    }

    public IDisposable Enter(TrainingRun run)
    {
        var snapshot = new DiscriminatorSnapshot(run.Discriminator.Network);
        var lookahead = new PhaseOverrides(PhaseRows.OnRequest, _random!, false, (run.Discriminator.Name, _lookahead!));
        for (int k = 0; k < steps; k++)
            run.RunPhase(run.Plan.DiscriminatorPhase, lookahead);
        return snapshot;
    }

    public void WriteState(BinaryWriter writer)
    {
        RunState.WriteOptimizer(writer, _lookahead!);
        RunState.WriteGenerator(writer, _random!);
    }

    public void ReadState(BinaryReader reader)
    {
        RunState.ReadOptimizer(reader, _lookahead!, "lookahead");
        RunState.ReadGenerator(reader, _random!, "lookahead");
    }

    public void Dispose()
    {
        _lookahead?.Dispose();
        _random?.Dispose();
    }
}

/// <summary><see cref="UnrollingOptions.Steps"/>: wraps the generator's phase.</summary>
internal sealed class UnrollingRemedy : IRemedy
{
    public void Validate(GanOptions options) => RequireInRange(options.Remedies.Unrolling.Steps, 0, 100, "Remedies.Unrolling.Steps");

    public bool IsOn(GanOptions options) => options.Remedies.Unrolling.Steps > 0;

    public void AddTo(TrainingPlan plan, GanOptions options) => plan.GeneratorPhase.Wrappers.Add(new Unrolling(options.Remedies.Unrolling.Steps));
}
