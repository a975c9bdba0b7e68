using Microsoft.ML;
using MLGan.Networks.Convolutional;

namespace MLGan.Tests.Images;

/// <summary>
/// MLGan runs its convolutions on libtorch's own kernels, not oneDNN's, with which DCGAN training turned NaN now and then
/// (<see cref="ConvolutionBackend"/>). Checked in fresh processes, from oneDNN's own log of what it runs.
/// </summary>
[TestClass]
public sealed class ConvolutionBackendTests
{
    [TestMethod]
    public void DcganConvolutions_SkipOneDnnAndNnpack_UnlessTheUserKeepsThem()
    {
        if (OperatingSystem.IsWindows())
            Assert.Inconclusive("the switch is set by its Itanium C++ name (Linux and macOS)");
        var ml = new MLContext(1);
        var data = ImageData.Digits(ml, 64);
        using var model = ml.Gan().Trainers.Gan(ImageData.QuickDcgan(steps: 2)).Fit(data);
        Assert.IsFalse(ConvolutionBackend.MkldnnEnabled(ConvolutionBackend.GlobalContext()), "oneDNN is still on in this process");
        Assert.IsFalse(ConvolutionBackend.NnpackEnabled(ConvolutionBackend.GlobalContext()), "NNPACK is still on in this process");
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-backend-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            var plain = Generate(path, new() { ["ONEDNN_VERBOSE"] = "1" });
            Assert.IsFalse(plain.Contains("convolution,", StringComparison.Ordinal), plain);
            Assert.IsFalse(plain.Contains("NNPACK", StringComparison.Ordinal), plain);
            var kept = Generate(path, new() { ["ONEDNN_VERBOSE"] = "1", [ConvolutionBackend.KeepVariable] = "1" });
            Assert.IsTrue(kept.Contains("convolution,", StringComparison.Ordinal), kept);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Everything another process printed while it generated 4 rows from the model.</summary>
    private static string Generate(string modelPath, Dictionary<string, string> environment)
    {
        var run = ChildProcess.GenerateWithQuickStart(modelPath, 4, environment);
        return run.Output + run.Error;
    }
}
