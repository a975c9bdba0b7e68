// MLGan quick start as a file-based app:  dotnet run examples/apps/quickstart.cs [steps]
// Trains MLGan's defaults on the 8-Gaussian ring, scores the generated points for mode collapse, saves and reloads the
// model, and plots real vs generated (artifacts/apps/quickstart/).
#:project ../../src/MLGan.Plotting/MLGan.Plotting.csproj
#:property UsesTorchNative=true
#:property PublishAot=false
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan;
using MLGan.Datasets;
using MLGan.Plotting;

int steps = args.Length > 0 ? int.Parse(args[0]) : 6_000;
string output = Path.Combine("artifacts", "apps", "quickstart");
var ml = new MLContext(seed: 1);

// 10,000 seeded points from 8 Gaussians on the unit circle (std 0.01).
var ring = GaussianMixture.Ring();
IDataView real = ml.Data.LoadFromEnumerable(ring.Sample(10_000, seed: 1).Select(p => new Point { Features = p }));

using GanTransformer gan = ml.Gan().Trainers.Gan(new GanOptions
{
    Schedule = { Epochs = 1_000, MaxSteps = steps },
    Run = { Seed = 1, ReportInterval = Math.Max(1, steps / 5) },
}, new ConsoleProgress()).Fit(real);

// Score 2,500 generated points against the real data, with the ring's centres as the modes (the PacGAN protocol).
IDataView generated = ml.Gan().Generate(gan, 2_500, seed: 42);
using var scorer = ml.Gan().Transforms.ScoreDiversity(ring.ScoringOptions()).Fit(real);
DiversityMetrics metrics = ml.Gan().Evaluate(scorer.Transform(generated));
Console.WriteLine(metrics);

// An ordinary ML.NET model zip; a fresh MLContext loads it and generates the same points.
Directory.CreateDirectory(output);
string path = Path.Combine(output, "gan.zip");
ml.Model.Save(gan, real.Schema, path);
var reloaded = new MLContext().Gan().LoadModel(path, out _);
bool identical = ml.Gan().Generate(reloaded, 2_500, seed: 42).GetColumn<float[]>("Features").SelectMany(r => r)
    .SequenceEqual(generated.GetColumn<float[]>("Features").SelectMany(r => r));
Console.WriteLine($"Saved {path}; the reloaded model generates identical points: {identical}");

ml.GanPlots().Comparison(real, generated, Path.Combine(output, "ring.png"),
    new ComparisonPlotOptions { ModeCenters = ring.Centers, MaxPointsPerSet = 2_500, Title = "8-Gaussian ring: real vs generated" });
gan.TrainingHistory.PlotLosses(Path.Combine(output, "losses.png"));
Console.WriteLine($"Wrote {output}/ring.png and losses.png");
return identical ? 0 : 1;

sealed class Point
{
    [VectorType(2)]
    public float[] Features { get; set; } = Array.Empty<float>();
}

/// <summary>Prints each progress report on the training thread, in order (Progress&lt;T&gt; would print on the thread pool).</summary>
sealed class ConsoleProgress : IProgress<GanProgress>
{
    public void Report(GanProgress p) => Console.WriteLine($"  step {p.Step}/{p.TotalSteps}: D {p.DiscriminatorLoss:0.000}, G {p.GeneratorLoss:0.000}");
}
