using System.Globalization;
using MLGan.Data;
using MLGan.Engine;
using MLGan.Generation;
using MLGan.Networks;
using static TorchSharp.torch;
using MLGan.Tensors;

namespace MLGan.Training;

/// <summary>
/// Detects divergence at each progress report and keeps the last generator that passed the check. A run has
/// diverged when, since the previous report,
/// <list type="bullet">
/// <item>the discriminator loss, the generator loss or the generator's gradient norm was not finite in some step
/// (their device-side sums are not finite), or the mean gradient norm exceeds <see cref="GradientNormLimit"/>, or</item>
/// <item>a fixed probe batch from the sampling generator (<see cref="ProbeRows"/> rows of its own seeded noise, so the
/// training random stream is untouched) holds a non-finite value, or a value farther outside the training data's range
/// of its slot than <see cref="RangeMultiple"/> times that range's width; with a weight average (generator EMA), the
/// trained generator's probe batch too.</item>
/// </list>
/// The output check is what catches a run whose losses stay finite: a Wasserstein critic's loss is legitimately
/// unbounded, and a diverged hinge or non-saturating generator may emit one far-away point with finite losses.
/// </summary>
internal sealed class DivergenceGuard : IReportHook, IDisposable
{
    /// <summary>Rows generated for each check.</summary>
    public const int ProbeRows = 256;

    /// <summary>
    /// How far outside the data's range (in widths of that range, per slot) a generated value may lie. Measured on
    /// 2,000-row data sets, reports every 10 or 50 steps: healthy runs (ring, grid, heavy-tailed Student-t/lognormal
    /// data; defaults and every loss at learning rate 2e-4 to 1e-2, with and without EMA) reached at most 1.95 widths
    /// (clipped Wasserstein on the grid without EMA; WGAN-GP 1.76); runs at learning rate 1 to 10 reached 7.5
    /// (hinge, 1) to 5e4 (WGAN-GP, 5).
    /// </summary>
    public const double RangeMultiple = 5;

    /// <summary>
    /// Largest mean generator gradient norm (standardized data) a report may show. Measured as above, and with
    /// 1024x3 networks, the PacGAN paper networks and batch 32: healthy runs at most 71; runs at learning rate 1 to 10
    /// from 1.3e4 (clipped Wasserstein, 10, whose generator ends on one point outside the data) to 4e17, or infinite.
    /// </summary>
    public const double GradientNormLimit = 1e4;

    private readonly GanOptions _options;
    private readonly int _seed;
    private readonly IFeatureCodec _codec;
    private readonly float[] _min, _max;
    private readonly Tensor _probeNoise;
    private readonly Tensor? _probeClasses;
    private readonly LabelVocabulary? _labels;
    private readonly List<GanProgress> _history;
    private Dictionary<string, Tensor>? _healthyState;
    private int _healthyHistoryCount;

    /// <param name="history">The run's progress history; the last healthy model keeps the entries up to its step.</param>
    public DivergenceGuard(GanOptions options, FeatureTable table, IFeatureCodec codec, int seed, Device device, List<GanProgress> history)
    {
        _options = options;
        _seed = seed;
        int latentDimension = options.Networks.LatentSize(table.Size, table.Image);
        _codec = codec;
        _history = history;
        _min = new float[table.Size];
        _max = new float[table.Size];
        Array.Fill(_min, float.PositiveInfinity);
        Array.Fill(_max, float.NegativeInfinity);
        // A bounded codec's outputs cannot run away; per-slot data ranges (e.g. an image's always-blank border) would misfire.
        for (int i = 0; i < (codec.Bounds is null ? table.Rows : 0); i++)
        {
            var row = table.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                float value = (float)codec.RangeValue(j, row[j]);
                _min[j] = Math.Min(_min[j], value);
                _max[j] = Math.Max(_max[j], value);
            }
        }
        if (codec.Bounds is var (low, high))
        {
            Array.Fill(_min, low);
            Array.Fill(_max, high);
        }
        using var noise = new Generator(RandomStreams.DivergenceProbe(seed));
        var probeNoise = randn(new long[] { ProbeRows, latentDimension }, generator: noise);
        // A conditional generator is probed on every class in turn.
        _labels = table.Labels;
        if (table.Labels is { } labels)
            _probeClasses = HeldScalarOps.Range(ProbeRows, device).Remainder(labels.Classes.Count);
        if (device.type == TorchSharp.DeviceType.CPU)
        {
            _probeNoise = probeNoise;
        }
        else
        {
            _probeNoise = probeNoise.to(device);
            probeNoise.Dispose();
        }
    }

    /// <summary>Generator step of the last healthy snapshot.</summary>
    public int HealthyStep { get; private set; }

    /// <summary>
    /// The symptom of divergence (what became what), or null when the interval's means and the probe batch are healthy.
    /// </summary>
    public string? Check((double DiscriminatorLoss, double GeneratorLoss, double GradientNorm) means, GanNetwork sampling)
    {
        var c = CultureInfo.InvariantCulture;
        foreach (var (value, what) in new[] { (means.DiscriminatorLoss, "discriminator loss"), (means.GeneratorLoss, "generator loss"), (means.GradientNorm, "generator's gradient norm") })
        {
            if (!double.IsFinite(value))
                return string.Format(c, "the {0} became {1}", what, value);
        }
        if (means.GradientNorm > GradientNormLimit)
            return string.Format(c, "the generator's gradient norm reached {0:0.0e0} (healthy runs stay below 100; the limit is {1:0e0})", means.GradientNorm, GradientNormLimit);
        return CheckOutputs(sampling);
    }

    private string? CheckOutputs(GanNetwork sampling)
    {
        float[] probe;
        bool training = sampling.training;
        sampling.eval();
        using (NewDisposeScope())
        using (no_grad())
            probe = sampling.Forward(_probeNoise, _probeClasses).cpu().contiguous().data<float>().ToArray();
        sampling.train(training);
        _codec.DecodeInPlace(probe);

        int size = _min.Length;
        double worst = 0;
        int worstIndex = 0;
        for (int i = 0; i < probe.Length; i++)
        {
            int j = i % size;
            if (!float.IsFinite(probe[i]))
                return string.Format(CultureInfo.InvariantCulture, "generated values became {0} (slot {1})", probe[i], j);
            double width = (double)_max[j] - _min[j];
            if (width == 0)
                continue; // a constant slot is written as the constant
            double value = _codec.RangeValue(j, probe[i]);
            double outside = Math.Max(_min[j] - value, value - _max[j]) / width;
            if (outside > worst)
                (worst, worstIndex) = (outside, i);
        }
        if (worst <= RangeMultiple)
            return null;
        int slot = worstIndex % size;
        bool logScale = IsLogScale(slot); // the range is kept on the log scale: report it in the data's units
        double low = logScale ? Math.Exp(_min[slot]) : _min[slot], high = logScale ? Math.Exp(_max[slot]) : _max[slot];
        return string.Format(CultureInfo.InvariantCulture,
            "generated values reach {0:G4} in slot {1} while the training data lies in [{2:G4}, {3:G4}] there ({4:0.#} times the range's width outside it; the limit is {5})",
            probe[worstIndex], slot, low, high, worst, RangeMultiple)
            + (logScale ? ", measured on the log scale of this log-transformed slot" : "");
    }

    /// <summary>Whether the codec measures <paramref name="slot"/>'s range on the log scale (a log-transformed slot).</summary>
    private bool IsLogScale(int slot) => _codec.RangeValue(slot, Math.E) != Math.E;

    /// <summary>Throws <see cref="GanTrainingDivergedException"/> when the report's means or the probe batch show divergence.</summary>
    public void OnReport(ProgressReport report)
    {
        var snapshot = report.Snapshot;
        var run = report.Run;
        if (Check((snapshot.DiscriminatorLoss, snapshot.GeneratorLoss, snapshot.GeneratorGradientNorm), run.SamplingGenerator) is { } symptom)
            throw Diverged(run, report.Step, symptom);
        // A weight average lags the trained generator: a report is healthy only when the trained one is in range too, so
        // that a rollback (DivergenceRecovery) returns to a state that can recover, not to a broken generator behind a
        // still-healthy average (wide blobs: 20 rollbacks down to 4e-6 times the rates, all failing at the same step).
        if (!ReferenceEquals(run.SamplingGenerator, run.Generator.Network) && CheckOutputs(run.Generator.Network) is { } trained)
            throw Diverged(run, report.Step, "the trained generator diverged ahead of its weight average: " + trained);
    }

    /// <summary>The generator that passed this report's checks becomes the last healthy one (its history ends with the report).</summary>
    public void AfterReport(ProgressReport report) => KeepHealthy(report.Run.SamplingGenerator, report.Step);

    /// <summary>
    /// The exception for a diverged run: the step, the symptom, advice that works (learning rates at the defaults, or a
    /// tenth of the current ones when they are already at most the defaults) and the last healthy generator.
    /// </summary>
    private GanTrainingDivergedException Diverged(TrainingRun run, int step, string symptom)
    {
        var c = CultureInfo.InvariantCulture;
        static double Lower(double rate) => rate > DefaultLearningRate ? DefaultLearningRate : rate / 10;
        string last = _history.Count > 0 ? $" The last report before it was: {_history[^1]}." : "";
        string message = string.Format(c,
            "GAN training diverged by generator step {0} (epoch {1:0.##}): {2}.{3} MLGan stops rather than return a broken generator; " +
            "this exception's LastHealthyModel holds the generator of step {4}, the last report that passed the divergence checks. " +
            "Lower the learning rates: GanOptions.Schedule.Generator.LearningRate = {5:G3} and GanOptions.Schedule.Discriminator.LearningRate = {6:G3} (now {7:G3} and {8:G3}).",
            step, run.Epoch, symptom, last, HealthyStep, Lower(_options.Schedule.Generator.LearningRate), Lower(_options.Schedule.Discriminator.LearningRate),
            _options.Schedule.Generator.LearningRate, _options.Schedule.Discriminator.LearningRate);
        var model = new GanTransformer(HealthyModel(run.Generator.Spec));
        return new GanTrainingDivergedException(message, step, symptom, model, HealthyStep);
    }

    private static readonly double DefaultLearningRate = new GanOptions().Schedule.Generator.LearningRate;

    /// <summary>Keeps a CPU copy of <paramref name="sampling"/>'s state as the last healthy generator, at <paramref name="step"/>.</summary>
    public void KeepHealthy(GanNetwork sampling, int step)
    {
        DisposeHealthyState();
        using var scope = NewDisposeScope(); // the chain's temporaries go now, not when the Fit's held tensors are released
        _healthyState = sampling.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().clone().DetachFromDisposeScope());
        HealthyStep = step;
        _healthyHistoryCount = _history.Count;
    }

    /// <summary>A generator built from the last healthy snapshot, ready for a transformer (CPU, evaluation mode).</summary>
    public GeneratorModel HealthyModel(INetworkSpec spec)
    {
        var generator = spec.Build(TrainingPlan.GeneratorName);
        using (no_grad())
        {
            foreach (var (name, target) in generator.state_dict())
                target.copy_(_healthyState![name]);
        }
        generator.eval();
        return new GeneratorModel(_options.FeatureColumnName, _options.ResolvedOutputColumnName, _options.LatentColumnName, _seed, generator, _codec,
            _history.Take(_healthyHistoryCount).ToList(), _options) { Labels = _labels };
    }

    private void DisposeHealthyState()
    {
        foreach (var tensor in _healthyState?.Values ?? Enumerable.Empty<Tensor>())
            tensor.Dispose();
        _healthyState = null;
    }

    public void Dispose()
    {
        DisposeHealthyState();
        _probeNoise.Dispose();
        _probeClasses?.Dispose();
    }
}
