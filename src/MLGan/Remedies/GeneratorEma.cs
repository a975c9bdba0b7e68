using MLGan.Engine;
using MLGan.Networks;
using TorchSharp;
using static TorchSharp.torch;

using static MLGan.OptionChecks;

namespace MLGan.Remedies;

/// <summary>
/// An exponential moving average of the generator's weights (Yazıcı et al. 2019; Karras et al. 2018), updated
/// after every generator step and used for sampling: the monitor checks it and the fitted model holds it. The
/// average smooths out the generator's oscillation between modes. Its decay ramps up as min(decay, (1+t)/(10+t))
/// so early, random weights are forgotten quickly. Normalization buffers (running statistics) are copied. A decay of 0
/// (an average switched off until a policy switches it on) copies the generator exactly and does not count updates.
/// </summary>
internal sealed class GeneratorEma : IDisposable
{
    private readonly ScheduledValue _decay;
    // The average's parameters in one buffer, laid out like the live generator's (one lerp per update, not one per tensor).
    private readonly FlatParameters _average;
    private readonly FlatParameters _live;
    private readonly (Tensor Average, Tensor Live)[] _buffers;

    /// <summary>Updates so far (the decay's warm-up depends on it).</summary>
    public int Updates { get; set; }

    public GeneratorEma(Player live, ScheduledValue decay, Device device)
    {
        _decay = decay;
        _live = live.Flat;
        Average = live.Spec.Build(live.Network.GetName());
        Average.to(device);
        Average.eval();
        var parameters = Average.parameters().ToArray();
        foreach (var parameter in parameters)
            parameter.requires_grad = false;
        _average = new FlatParameters(parameters);
        // Non-persistent buffers (constants the spec builds, such as the modes' whitenings) are equal in both copies already.
        _buffers = Average.buffers(include_nonpersistent: false).Zip(live.Network.buffers(include_nonpersistent: false)).ToArray();
        using var _ = no_grad();
        _average.Values.copy_(_live.Values);
        foreach (var (average, current) in _buffers)
            average.copy_(current);
    }

    /// <summary>The averaged generator.</summary>
    public GanNetwork Average { get; }

    public void Update()
    {
        using var _ = no_grad();
        if (_decay.Value == 0)
            _average.Values.copy_(_live.Values);
        else
        {
            Updates++;
            double decay = Math.Min(_decay.Value, (1.0 + Updates) / (10.0 + Updates));
            using var weight = tensor(1 - decay); // held to the end: an implicit temporary can be finalized while libtorch reads it
            _average.Values.lerp_(_live.Values, weight);
        }
        foreach (var (average, live) in _buffers)
            average.copy_(live);
    }

    public void Dispose()
    {
        _average.Dispose(); // the parameters keep their storage
        Average.Dispose();
    }
}

/// <summary>
/// <see cref="GeneratorEmaOptions.Decay"/>: keeps the average after each update of the generator's phase and makes it
/// the run's sampling generator (the run owns it from then on).
/// </summary>
internal sealed class GeneratorEmaHook(double decay) : IRunAttachable, IPhaseHook, ICheckpointed, ISchedulable
{
    private GeneratorEma? _ema;

    public string Option => "Remedies.GeneratorEma.Decay";

    public ScheduledValue Value { get; } = new(decay);

    public void Attach(TrainingRun run)
    {
        _ema = new GeneratorEma(run.Generator, Value, run.Device);
        run.UseForSampling(_ema.Average);
    }

    public void AfterUpdate(TrainingRun run) => _ema!.Update();

    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_ema!.Updates);
        RunState.WriteNetwork(writer, _ema.Average);
        writer.Write(Value.Value);
    }

    public void ReadState(BinaryReader reader)
    {
        _ema!.Updates = reader.ReadInt32();
        RunState.ReadNetwork(reader, _ema.Average, "generator average");
        if (reader.BaseStream.Position < reader.BaseStream.Length) // checkpoints before the Escalate policy end here
            Value.Value = reader.ReadDouble();
    }
}

internal sealed class GeneratorEmaRemedy : IRemedy
{
    public void Validate(GanOptions options) => RequireInRange(options.Remedies.GeneratorEma.Decay, 0, 0.99999, "Remedies.GeneratorEma.Decay");

    public bool IsOn(GanOptions options) => options.Remedies.GeneratorEma.Decay > 0;

    public void AddTo(TrainingPlan plan, GanOptions options) => plan.GeneratorPhase.AfterUpdate.Add(new GeneratorEmaHook(options.Remedies.GeneratorEma.Decay));
}
