using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using MLGan.Datasets;

namespace MLGan.Tests;

[TestClass]
// Generation runs on libtorch's process-wide thread count, which other tests' Fits change while they run; the other
// process runs on libtorch's default. With MKL's AVX-512 kernels (MklDispatch) a product can round differently by
// thread count (a conditional DCGAN's rows differed in the last bits once), so these run alone, at the default.
[DoNotParallelize]
public sealed class FreshProcessTests
{
    /// <summary>The plain GAN and each multi-network method: the saved model must rebuild every network it holds.</summary>
    private static GanOptions Method(string method)
    {
        var options = TestData.Tiny();
        switch (method)
        {
            case "gan":
                break;
            case "gman":
                options.Remedies.MultipleDiscriminators.Count = 3;
                break;
            case "ebgan":
                options.Remedies.EnergyBased.Enabled = true;
                options.Remedies.MinibatchStandardDeviation.Enabled = false;
                break;
            case "mad-gan":
                options.Remedies.MultipleGenerators.Count = 3;
                break;
            case "mad-gan shared":
                options.Remedies.MultipleGenerators.Count = 3;
                options.Remedies.MultipleGenerators.ShareHiddenLayers = true;
                break;
            case "veegan":
                options.Remedies.Reconstructor.Enabled = true;
                break;
            case "dcgan":
                return Images.ImageData.QuickDcgan(steps: 4);
            case "conditional dcgan":
                var images = Images.ImageData.QuickDcgan(steps: 4);
                images.LabelColumnName = "Label";
                return images;
            case "cgan":
                options.LabelColumnName = "Label";
                break;
            default:
                throw new ArgumentException(method);
        }
        return options;
    }

    [TestMethod]
    [DataRow("gan")]
    [DataRow("gman")]
    [DataRow("ebgan")]
    [DataRow("mad-gan")]
    [DataRow("mad-gan shared")]
    [DataRow("veegan")]
    [DataRow("dcgan")]
    [DataRow("cgan")]
    [DataRow("conditional dcgan")]
    public void ModelSavedHere_GeneratesTheSameRowsInAnotherProcess(string method)
    {
        var quickStart = BuildPaths.QuickStart;
        Assert.IsTrue(File.Exists(quickStart), $"QuickStart was not built at {quickStart}");

        var ml = new MLContext(1);
        var data = method switch
        {
            "dcgan" or "conditional dcgan" => Images.ImageData.Digits(ml, 64),
            "cgan" => ml.Data.LoadFromEnumerable(GaussianMixture.Ring().Sample(64, 1).Select((p, i) => new TestData.LabeledRow2 { Features = p, Label = i % 3 == 0 ? "a" : "b" })),
            _ => TestData.Ring(ml, 64),
        };
        using var model = ml.Gan().Trainers.Gan(Method(method)).Fit(data);
        var expected = TestData.ReadVectors(model.Labels is null ? ml.Gan().Generate(model, 20, seed: 11) : ml.Gan().GenerateForLabels(model, 20, seed: 11));
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-process-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var run = ChildProcess.Run("dotnet", new[] { "exec", quickStart, "generate", path, "20", "11" }, timeoutSeconds: 120);
            Assert.AreEqual(0, run.ExitCode, run.ToString());
            var rows = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            CollectionAssert.AreEqual(expected.SelectMany(r => r).ToArray(), rows.SelectMany(r => r).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
