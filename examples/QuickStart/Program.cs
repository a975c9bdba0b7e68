// MLGan quick start.
//   dotnet run --project examples/QuickStart                      train on the 8-Gaussian ring, report, save, reload, plot
//   dotnet run --project examples/QuickStart -- generate <model.zip> <count> [seed]   print rows from a saved model (CSV; <count> per label for a conditional model)
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan;
using MLGan.Datasets;
using MLGan.Examples;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
try
{
    return args.FirstOrDefault() switch
    {
        null or "train" => Train(args.Skip(1).FirstOrDefault() ?? Path.Combine("artifacts", "quickstart")),
        "generate" when args.Length is 3 or 4 => Generate(args[1], long.Parse(args[2]), args.Length == 4 ? int.Parse(args[3]) : 0),
        _ => Usage(),
    };
}
catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or InvalidDataException or FileNotFoundException or FormatException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: QuickStart [train [output-directory]] | generate <model.zip> <count> [seed]");
    return 2;
}

static int Train(string outputDirectory)
{
    Directory.CreateDirectory(outputDirectory);
    var ml = new MLContext(seed: 1);

    // The embedded data set: 10,000 points from 8 Gaussians on the unit circle (std 0.01), seeded.
    var ring = GaussianMixture.Ring();
    float[][] points = ring.Sample(10_000, seed: 1);
    IDataView real = ml.Data.LoadFromEnumerable(points.Select(p => new Point { Features = p }));

    // MLGan's defaults: hinge loss, Adam 1e-3 (0.5, 0.9), minibatch standard deviation, generator EMA.
    var options = new GanOptions
    {
        FeatureColumnName = nameof(Point.Features),
        Schedule = { Epochs = 200 },
        Run = { Seed = 1, NumberOfThreads = 1, ReportInterval = 2_000 },
    };
    var progress = new ConsoleProgress(); // Progress<T> would print on the thread pool, out of order
    Console.WriteLine($"Training on {points.Length} points of an 8-mode ring ...");
    var clock = Stopwatch.StartNew();
    using GanTransformer gan = ml.Gan().Trainers.Gan(options, progress).Fit(real);
    Console.WriteLine($"Trained in {clock.Elapsed.TotalSeconds:0.0} s.");

    // The PacGAN protocol: 2,500 samples scored against the real data; the ring's centres are the modes and
    // "high quality" means within 3 standard deviations of the nearest one.
    IDataView synthetic = ml.Gan().Generate(gan, 2_500, seed: 42);
    float[][] generated = Read(synthetic);
    using var scorer = ml.Gan().Transforms.ScoreDiversity(ring.ScoringOptions(nameof(Point.Features))).Fit(real);
    DiversityMetrics metrics = ml.Gan().Evaluate(scorer.Transform(synthetic));
    Console.WriteLine($"Diversity of 2,500 generated points against the real data:");
    Console.WriteLine(metrics);
    var warnings = gan.TrainingHistory.SelectMany(h => h.Warnings).Distinct().ToList();
    Console.WriteLine($"Collapse monitor: {gan.TrainingHistory.Count(h => h.Diversity is not null)} checks during training, {warnings.Count} distinct warnings.");

    string modelPath = Path.Combine(outputDirectory, "gan.zip");
    ml.Model.Save(gan, real.Schema, modelPath);
    var reloaded = new MLContext().Model.Load(modelPath, out _);
    bool identical = Read(ml.Gan().Generate(reloaded, 2_500, seed: 42)).SelectMany(r => r).SequenceEqual(generated.SelectMany(r => r));
    Console.WriteLine($"Saved {modelPath} ({new FileInfo(modelPath).Length / 1024} KiB); reloaded model gives identical samples: {identical}");

    string plotPath = Path.Combine(outputDirectory, "ring.png");
    ScatterPng.Write(plotPath, 640, new ScatterPng.Series[]
    {
        new("real", points.Take(2_500).ToArray(), (150, 150, 150)),
        new("generated", generated, (220, 40, 40)),
    });
    Console.WriteLine($"Wrote {plotPath} (grey: real, red: generated).");
    Console.WriteLine($"Try: dotnet run --project examples/QuickStart -- generate {modelPath} 5");
    return identical ? 0 : 1;
}

static int Generate(string modelPath, long count, int seed)
{
    var ml = new MLContext();
    var model = ml.Gan().LoadModel(modelPath, out _);
    var gan = model as GanTransformer ?? ((IEnumerable<ITransformer>)model).OfType<GanTransformer>().Last();
    // A conditional model generates <count> rows for each label it knows.
    var generated = gan.Labels is null ? ml.Gan().Generate(model, count, seed) : ml.Gan().GenerateForLabels(model, checked((int)count), seed);
    var column = gan.OutputColumnName;
    foreach (var row in generated.GetColumn<float[]>(column))
        Console.WriteLine(string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
    return 0;
}

static float[][] Read(IDataView data) => data.GetColumn<float[]>(nameof(Point.Features)).ToArray();

/// <summary>Prints progress on the training thread, in order.</summary>
sealed class ConsoleProgress : IProgress<GanProgress>
{
    public void Report(GanProgress value) => Console.WriteLine($"  {value}");
}

/// <summary>A row of the training data.</summary>
sealed class Point
{
    [VectorType(2)]
    public float[] Features { get; set; } = Array.Empty<float>();
}
