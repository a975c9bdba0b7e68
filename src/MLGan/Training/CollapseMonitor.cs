using System.Diagnostics;
using System.Globalization;
using MLGan.Data;
using MLGan.Diversity;
using MLGan.Engine;
using MLGan.Networks;
using static TorchSharp.torch;

namespace MLGan.Training;

/// <summary>
/// Runs the diversity checks of <see cref="CollapseMonitorOptions"/> during training: generates a sample with
/// its own seeded noise (training's random stream is untouched), scores it against a reference sample (held-out
/// validation rows when given, else training rows), keeps the generator weights of the best-coverage check, and
/// decides when the policy applies.
/// </summary>
internal sealed class CollapseMonitor : IReportHook, IDisposable
{
    private readonly CollapseMonitorOptions _options;
    private readonly CollapseCriteria _criteria;
    private readonly DiversityReference _reference;
    private readonly IFeatureCodec _codec;
    private readonly LabelVocabulary? _labels;
    private readonly Generator _noise;
    private readonly Device _device;
    private readonly int _warmupSteps;
    private readonly Stopwatch _clock = new();
    private Dictionary<string, Tensor>? _best;
    private int _consecutiveCollapses;
    private int _lastCheck;
    private double _secondsBefore; // checks before a resumed run's checkpoint
    private double _setupSeconds; // fitting the reference, in this process

    private CollapseMonitor(CollapseMonitorOptions options, DiversityReference reference, IFeatureCodec codec, LabelVocabulary? labels, int seed, int totalSteps, Device device)
    {
        _labels = labels;
        _options = options;
        _criteria = options.Criteria ?? new CollapseCriteria();
        _reference = reference;
        _codec = codec;
        _device = device;
        _noise = new Generator(RandomStreams.Monitor(seed), device);
        _warmupSteps = (int)Math.Ceiling(options.WarmupFraction * totalSteps);
    }

    /// <summary>The state of the <see cref="CollapsePolicy.Escalate"/> policy; null for the other policies.</summary>
    public Escalation? Escalation { get; private init; }

    /// <summary>The monitor for a run, or null when it is off or the training data is too small to score against.</summary>
    /// <param name="training">The training rows; checks compare against a sample of them unless <paramref name="heldOut"/> is given.</param>
    /// <param name="heldOut">Validation rows held out from training, or null.</param>
    public static CollapseMonitor? Create(GanOptions options, FeatureTable training, FeatureTable? heldOut, IFeatureCodec codec, int seed, int totalSteps, Device device, Action<string> log)
    {
        if (options.Monitor is not { } monitor)
            return null;
        var table = heldOut ?? training;
        int minimum = DiversityReference.MinimumRows;
        if (table.Rows < minimum)
        {
            if (heldOut is not null)
                throw new ArgumentException(
                    $"The validation data has {table.Rows} rows; the collapse monitor needs at least {minimum} to score against (a few hundred give stable checks). " +
                    "Pass more validation rows, or call Fit(data) to score against a sample of the training rows.", "validationData");
            log($"Collapse monitor off: {table.Rows} training rows are too few to score against (it needs {minimum}).");
            return null;
        }
        var clock = Stopwatch.StartNew();
        var scoring = monitor.Scoring?.Clone() ?? new DiversityScoringOptions();
        scoring.MaxReferenceRows = monitor.ReferenceSize;
        DiversityReference reference;
        try
        {
            // The reference lives where checks measure: the codec's scoring space (user units for vectors, pooled pixels for images).
            reference = DiversityReference.Fit(table.Project(codec.ScoringSpace), scoring, RandomStreams.MonitorReference(seed), heldOut is not null ? "validation data" : "training data");
        }
        catch (InvalidOperationException ex) when (heldOut is null)
        {
            // Training rows without spread (e.g. all identical) still train; there is just nothing to score against.
            log($"Collapse monitor off: {ex.Message}");
            return null;
        }
        var result = new CollapseMonitor(monitor, reference, codec, training.Labels, seed, totalSteps, device)
        {
            _setupSeconds = clock.Elapsed.TotalSeconds,
            Escalation = monitor.Policy == CollapsePolicy.Escalate
                ? new Escalation(options, totalSteps, cooldownSteps: Math.Max((int)Math.Ceiling(monitor.WarmupFraction * totalSteps), monitor.Patience * monitor.Interval))
                : null,
        };
        log(string.Format(CultureInfo.InvariantCulture,
            "Collapse monitor: reference of {0} {1} rows with {2} modes ({3}), fitted in {4:0.00} s; a check every {5} steps, policy {6}.",
            reference.RowCount, heldOut is not null ? "held-out validation" : "training", reference.ModeCount, reference.ModesGiven ? "given" : "k-means", clock.Elapsed.TotalSeconds, monitor.Interval, monitor.Policy));
        return result;
    }

    public int Interval => _options.Interval;

    public bool WantsReport(int step) => step % Interval == 0;

    /// <summary>
    /// Checks at its interval and the last step, and early: when a report brings warnings (loss trends), an extra check
    /// confirms or dismisses them, at most a few per interval. A confirmed collapse goes to the policy.
    /// </summary>
    public void OnReport(ProgressReport report)
    {
        int step = report.Step;
        bool due = WantsReport(step) || report.IsLast || (report.Warnings.Count > 0 && step - _lastCheck >= Math.Max(1, Interval / 4));
        if (!due)
            return;
        _lastCheck = step;
        var diversity = Check(report.Run.SamplingGenerator, step);
        report.Snapshot = report.Snapshot with { Diversity = diversity };
        Escalation?.Observe(report.Run, step, diversity.Coverage);
        // Escalate acts on a collapsed last check at once: there is no later check to wait for.
        if (diversity.IsCollapsed && (ShouldAct(step) || (report.IsLast && Escalation is not null)))
            Policy.Act(this, report, string.Join("; ", diversity.Reasons));
        else if (diversity.IsCollapsed)
            report.Warnings.Add("collapse detected: " + string.Join("; ", diversity.Reasons));
    }

    /// <summary>The monitor's whole cost so far, in seconds: fitting its reference (in this process) and every check.</summary>
    public double Seconds => _secondsBefore + _setupSeconds + _clock.Elapsed.TotalSeconds;

    /// <summary>Makes <see cref="Seconds"/> read <paramref name="seconds"/> plus the checks from now on (after an in-process rollback).</summary>
    public void ContinueClockFrom(double seconds)
    {
        _secondsBefore = seconds;
        _setupSeconds = 0;
        _clock.Reset();
    }

    /// <summary>Generates a sample and measures it; keeps the weights when coverage is the best so far.</summary>
    public DiversityMetrics Check(GanNetwork generator, int step)
    {
        _clock.Start();
        try
        {
            float[] sample;
            bool training = generator.training;
            generator.eval();
            using (var scope = NewDisposeScope())
            using (no_grad())
            {
                var z = randn(new long[] { _options.SampleSize, generator.Spec.InputShape.Single() }, device: _device, generator: _noise);
                // A conditional generator samples the training data's label mix, so the whole sample compares with the reference.
                sample = generator.Forward(z, _labels?.Draw(_options.SampleSize, _noise, _device)).cpu().contiguous().data<float>().ToArray();
            }
            generator.train(training);
            _codec.DecodeInPlace(sample);
            // The reference holds training rows in the codec's scoring space: project the decoded sample the same way.
            var metrics = DiversityEvaluator.Evaluate(_reference, _codec.ScoringSpace.Project(sample, _codec.Size), _criteria);
            if (_best is null || metrics.Coverage > BestCoverage)
                KeepBest(generator, metrics.Coverage, step);
            _consecutiveCollapses = metrics.IsCollapsed ? _consecutiveCollapses + 1 : 0;
            return metrics;
        }
        finally
        {
            _clock.Stop();
        }
    }

    public double BestCoverage { get; private set; }

    public int BestStep { get; private set; }

    /// <summary>Whether the policy applies now: past warm-up, with <see cref="CollapseMonitorOptions.Patience"/> collapsed checks in a row.</summary>
    public bool ShouldAct(int step) => step >= _warmupSteps && _consecutiveCollapses >= _options.Patience;

    public CollapsePolicy Policy => _options.Policy;

    /// <summary>After the run went back to <paramref name="step"/>: the collapse streak starts again (the policy's hysteresis).</summary>
    public void RestartAt(int step)
    {
        _consecutiveCollapses = 0;
        _lastCheck = step;
    }

    /// <summary>Puts the best-coverage weights back into <paramref name="generator"/>.</summary>
    public void RestoreBest(GanNetwork generator)
    {
        if (_best is null)
            return;
        using var noGrad = no_grad();
        foreach (var (name, tensor) in generator.state_dict())
            tensor.copy_(_best[name]);
    }

    private void KeepBest(GanNetwork generator, double coverage, int step)
    {
        DisposeBest();
        _best = generator.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().clone().DetachFromDisposeScope());
        BestCoverage = coverage;
        BestStep = step;
    }

    private void DisposeBest()
    {
        if (_best is null)
            return;
        foreach (var tensor in _best.Values)
            tensor.Dispose();
        _best = null;
    }

    /// <summary>What the next checks depend on: the best weights so far, the collapse streak, the last check and the sample noise.</summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_consecutiveCollapses);
        writer.Write(_lastCheck);
        writer.Write(Seconds);
        RunState.WriteGenerator(writer, _noise);
        Escalation?.WriteState(writer);
        writer.Write(_best is not null);
        if (_best is null)
            return;
        writer.Write(BestCoverage);
        writer.Write(BestStep);
        Persistence.StateDictFormat.Write(writer, _best);
    }

    public void ReadState(BinaryReader reader)
    {
        _consecutiveCollapses = reader.ReadInt32();
        _lastCheck = reader.ReadInt32();
        _secondsBefore = reader.ReadDouble();
        RunState.ReadGenerator(reader, _noise, "collapse monitor");
        Escalation?.ReadState(reader);
        DisposeBest();
        if (!reader.ReadBoolean())
            return;
        BestCoverage = reader.ReadDouble();
        BestStep = reader.ReadInt32();
        _best = Persistence.StateDictFormat.ToTensors(Persistence.StateDictFormat.Read(reader, "best generator"));
    }

    public void Dispose()
    {
        DisposeBest();
        _reference.Dispose();
        _noise.Dispose();
    }
}
