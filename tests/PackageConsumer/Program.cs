// A console app that uses MLGan the way an app outside this repository does: through the NuGet packages
// (MLGan.Cpu and MLGan.Plotting from a local folder feed). PackageTests copies this file into a fresh folder outside the
// repository, writes the project file with the version it packed, and runs it: train -> save -> load in a
// fresh MLContext -> generate -> plot, which needs the native backend and, on Debian 12, the package's load fix.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan;
using MLGan.Datasets;
using MLGan.Plotting;

var ml = new MLContext(seed: 1);
float[][] points = GaussianMixture.Ring().Sample(2_000, seed: 1);
IDataView real = ml.Data.LoadFromEnumerable(points.Select(p => new Row { Features = p }));

using GanTransformer gan = ml.Gan().Trainers.Gan(new GanOptions
{
    FeatureColumnName = nameof(Row.Features),
    Schedule = { Epochs = 2 },
    Run = { Seed = 1 },
}).Fit(real);
float[][] generated = Rows(ml.Gan().Generate(gan, 100, seed: 7));

string path = Path.Combine(args.Length > 0 ? args[0] : ".", "gan.zip");
ml.Model.Save(gan, real.Schema, path);
ITransformer loaded = new MLContext().Gan().LoadModel(path, out _);
float[][] reloaded = Rows(ml.Gan().Generate(loaded, 100, seed: 7));

string plot = Path.Combine(args.Length > 0 ? args[0] : ".", "ring.png");
ml.GanPlots().Comparison(real, ml.Gan().Generate(loaded, 500, seed: 7), plot);

bool identical = generated.SelectMany(r => r).SequenceEqual(reloaded.SelectMany(r => r));
Console.WriteLine($"trained {gan.TrainingHistory.Count} reports; saved {path}; plotted {plot}; generated {reloaded.Length} rows of {reloaded[0].Length}; identical after reload: {identical}");
return identical && reloaded.All(r => r.All(float.IsFinite)) ? 0 : 1;

static float[][] Rows(IDataView data) => data.GetColumn<float[]>(nameof(Row.Features)).ToArray();

sealed class Row
{
    [VectorType(2)]
    public float[] Features { get; set; } = Array.Empty<float>();
}
