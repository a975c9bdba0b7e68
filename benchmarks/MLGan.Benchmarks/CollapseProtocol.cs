using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Datasets;

namespace MLGan.Benchmarks;

/// <summary>One protocol run's numbers: modes captured, share of high-quality samples (%), reverse KL, wall time.</summary>
internal sealed record ProtocolResult(int Modes, int TotalModes, double HighQualityPercent, double ReverseKL, double Seconds)
{
    /// <summary>Generator steps actually run (more than planned when the Escalate policy rolled back).</summary>
    public int StepsRun { get; init; }

    /// <summary>What the Escalate policy changed, if anything.</summary>
    public IReadOnlyList<ScheduleChange> Changes { get; init; } = Array.Empty<ScheduleChange>();

    /// <summary>The collapse monitor's warnings (its verdicts and the policy's decisions), in order.</summary>
    public IReadOnlyList<string> MonitorWarnings { get; init; } = Array.Empty<string>();
}

/// <summary>
/// The PacGAN/VEEGAN synthetic protocol for one data set (Lin et al. 2018; Srivastava et al. 2017): a seeded training sample of the ring or
/// grid, and a scorer that knows the true centres (high quality = within 3 std of the nearest centre; a mode
/// is captured with at least one high-quality sample; reverse KL of the mode histogram against uniform).
/// Each run trains a named configuration (see <see cref="Configurations"/>) and scores 2,500 samples.
/// </summary>
internal sealed class CollapseProtocol : IDisposable
{
    public const int SampleSize = 2_500;

    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private readonly MLContext _ml = new(1);
    private readonly IDataView _real;
    private readonly DiversityScoringTransformer _truth;

    public CollapseProtocol(string data, int rows)
    {
        Mixture = data switch
        {
            "ring" => GaussianMixture.Ring(),
            "grid" => GaussianMixture.Grid(),
            _ => throw new ArgumentException($"unknown data '{data}'; use ring or grid"),
        };
        Data = data;
        _real = _ml.Data.LoadFromEnumerable(Mixture.Sample(rows, seed: 1).Select(p => new Row { Features = p }));
        _truth = _ml.Gan().Transforms.ScoreDiversity(Mixture.ScoringOptions()).Fit(_real);
    }

    public string Data { get; }

    public GaussianMixture Mixture { get; }

    /// <summary>Protocol options for a run: the named configuration, one thread, no monitor unless the configuration's policy is Escalate.</summary>
    public static GanOptions Options(string config, int seed, int steps)
    {
        var options = Configurations.Create(config);
        options.Schedule.MaxSteps = steps;
        options.Schedule.Epochs = int.MaxValue / 4;
        options.Run.Seed = seed;
        options.Run.NumberOfThreads = 1;
        options.Run.ReportInterval = steps;
        if (options.Monitor?.Policy != CollapsePolicy.Escalate)
            options.Monitor = null;
        return options;
    }

    public ProtocolResult Run(string config, int seed, int steps)
    {
        var clock = Stopwatch.StartNew();
        using var model = Train(Options(config, seed, steps));
        double seconds = clock.Elapsed.TotalSeconds;
        var m = Score(model, seed);
        return new ProtocolResult(m.ModesCaptured, m.TotalModes, 100 * m.HighQualityShare, m.ReverseKLToUniform, seconds)
        {
            StepsRun = StepsRun(model.TrainingHistory),
            Changes = model.ScheduleChanges,
            MonitorWarnings = model.TrainingHistory.SelectMany(h => h.Warnings.Where(w => w.Contains("collapse") || w.Contains("escalation")).Select(w => $"[{h.Step}] {w}")).ToList(),
        };
    }

    /// <summary>Steps run: the last step, plus the steps each rollback (a history entry followed by an earlier step) undid.</summary>
    private static int StepsRun(IReadOnlyList<GanProgress> history)
    {
        int run = history.Count > 0 ? history[^1].Step : 0;
        for (int i = 1; i < history.Count; i++)
            run += Math.Max(0, history[i - 1].Step - history[i].Step);
        return run;
    }

    public GanTransformer Train(GanOptions options) => _ml.Gan().Trainers.Gan(options).Fit(_real);

    /// <summary>Scores <see cref="SampleSize"/> samples of <paramref name="model"/> against the true modes.</summary>
    public DiversityMetrics Score(GanTransformer model, int seed) => _truth.Evaluate(_ml.Gan().Generate(model, SampleSize, seed: 1000 + seed));

    public void Dispose() => _truth.Dispose();
}
