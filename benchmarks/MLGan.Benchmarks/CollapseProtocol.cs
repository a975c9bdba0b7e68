using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Datasets;

namespace MLGan.Benchmarks;

/// <summary>One protocol run's numbers: modes captured, share of high-quality samples (%), reverse KL, wall time.</summary>
internal sealed record ProtocolResult(int Modes, int TotalModes, double HighQualityPercent, double ReverseKL, double Seconds)
{
    /// <summary>The samples' recall (k-NN manifolds, against the training rows) divided by fresh real rows' recall at the same sizes.</summary>
    public double RelativeRecall { get; init; }

    /// <summary>See <see cref="CollapseProtocol.WithinModeSpread"/>.</summary>
    public double[] Spread { get; init; } = Array.Empty<double>();

    /// <summary>Generator steps actually run (more than planned when the Escalate policy rolled back).</summary>
    public int StepsRun { get; init; }

    /// <summary>The modes the model was trained by (<see cref="GanTransformer.ModeCount"/>; 0 for whole rows).</summary>
    public int ModelModes { get; init; }

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
/// "ring5d", "grid10d" and so on place the same centres in a random 2-D plane of a 5-, 10-, ...-dimensional
/// space, each mode a full-rank Gaussian ball with the same std in every direction, and high quality within the
/// radius that holds as large a share of a mode's own rows as 3 std does in 2-D (<see cref="GaussianMixture.QualityRadius"/>).
/// Recall is reported relative to that of fresh real rows, since in more dimensions even real rows fall short of 1.
/// </summary>
internal sealed class CollapseProtocol : IDisposable
{
    public const int SampleSize = 2_500;

    private sealed class Row
    {
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    /// <summary>Seed of the random plane of the higher-dimensional protocols.</summary>
    private const int PlaneSeed = 7;

    private readonly MLContext _ml = new(1);
    private readonly IDataView _real;
    private readonly DiversityScoringTransformer _truth;

    public CollapseProtocol(string data, int rows)
    {
        Mixture = Create(data);
        Data = data;
        _real = Load(Mixture.Sample(rows, seed: 1));
        _truth = _ml.Gan().Transforms.ScoreDiversity(Mixture.ScoringOptions()).Fit(_real);
        RealRecall = _truth.Evaluate(Load(Mixture.Sample(SampleSize, seed: 2))).Recall;
    }

    /// <summary>
    /// "ring" or "grid", optionally followed by a dimension and "d" ("ring5d", "grid10d") and by ":" and the modes' std
    /// ("ring:0.15": wider modes that overlap more than the published protocol's).
    /// </summary>
    private static GaussianMixture Create(string data)
    {
        string shape = new(data.TakeWhile(char.IsLetter).ToArray());
        string[] parts = data[shape.Length..].Split(':');
        float? deviation = parts.Length == 2 && float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float std) && std > 0 ? std : null;
        if (parts.Length > 2 || (parts.Length == 2 && deviation is null))
            throw new ArgumentException($"unknown data '{data}'; the modes' std follows a colon, as in ring:0.15");
        var planar = shape switch
        {
            "ring" => deviation is float ringStd ? GaussianMixture.Ring(standardDeviation: ringStd) : GaussianMixture.Ring(),
            "grid" => deviation is float gridStd ? GaussianMixture.Grid(standardDeviation: gridStd) : GaussianMixture.Grid(),
            _ => throw new ArgumentException($"unknown data '{data}'; use ring or grid, optionally with a dimension (ring5d, grid10d)"),
        };
        string rest = parts[0];
        if (rest.Length == 0)
            return planar;
        if (!rest.EndsWith('d') || !int.TryParse(rest.AsSpan(0, rest.Length - 1), out int dimension) || dimension < 2)
            throw new ArgumentException($"unknown data '{data}'; the dimension is written as in ring5d or grid10d");
        return planar.InRandomPlane(dimension, PlaneSeed);
    }

    private IDataView Load(float[][] rows)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Mixture.Dimension);
        return _ml.Data.LoadFromEnumerable(rows.Select(p => new Row { Features = p }), schema);
    }

    /// <summary>Recall of <see cref="SampleSize"/> fresh real rows against the reference: the most a generator can be expected to reach.</summary>
    public double RealRecall { get; }

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
        // Generated once: the scorer and the spread read the same cached rows.
        var samples = _ml.Data.Cache(Samples(model, seed));
        var m = _truth.Evaluate(samples);
        return new ProtocolResult(m.ModesCaptured, m.TotalModes, 100 * m.HighQualityShare, m.ReverseKLToUniform, seconds)
        {
            RelativeRecall = m.Recall / RealRecall,
            Spread = WithinModeSpread(samples),
            StepsRun = StepsRun(model.TrainingHistory),
            ModelModes = model.ModeCount,
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
    public DiversityMetrics Score(GanTransformer model, int seed) => _truth.Evaluate(Samples(model, seed));

    private IDataView Samples(GanTransformer model, int seed) => _ml.Gan().Generate(model, SampleSize, seed: 1000 + seed);

    /// <summary>
    /// Within-mode spread of generated <paramref name="samples"/>: each sample goes to its nearest centre (those within
    /// twice the quality radius count), and the square roots of each mode's covariance eigenvalues, divided by the real
    /// std and sorted, are averaged over modes with at least 20 samples. 1 everywhere for a perfect generator; a
    /// generator whose modes are too narrow, or flat in some directions, shows values below 1.
    /// </summary>
    public double[] WithinModeSpread(IDataView samples)
    {
        var rows = _ml.Data.CreateEnumerable<Row>(samples, reuseRowObject: false).Select(r => r.Features).ToArray();
        int d = Mixture.Dimension;
        var byMode = rows.GroupBy(r => Enumerable.Range(0, Mixture.Centers.Count).MinBy(k => Distance(r, Mixture.Centers[k])))
            .Where(g => g.Count() >= 20)
            .Select(g => g.Where(r => Distance(r, Mixture.Centers[g.Key]) <= 2 * Mixture.QualityRadius).ToArray())
            .Where(g => g.Length >= 20);
        var spectra = new List<double[]>();
        foreach (var mode in byMode)
        {
            var means = Enumerable.Range(0, d).Select(j => mode.Average(r => (double)r[j])).ToArray();
            var centred = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(mode.Length, d, (i, j) => mode[i][j] - means[j]);
            var covariance = centred.TransposeThisAndMultiply(centred) / (mode.Length - 1);
            spectra.Add(covariance.Evd().EigenValues.Select(e => Math.Sqrt(Math.Max(0, e.Real)) / Mixture.StandardDeviation).OrderByDescending(v => v).ToArray());
        }
        return spectra.Count == 0 ? Array.Empty<double>() : Enumerable.Range(0, d).Select(j => spectra.Average(s => s[j])).ToArray();
    }

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());

    public void Dispose() => _truth.Dispose();
}
