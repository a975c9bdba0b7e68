using System.Runtime.Intrinsics.X86;
using System.Text;
using Microsoft.ML;
using MLGan.Tensors;

namespace MLGan.Tests;

/// <summary>
/// On AMD CPUs with AVX-512, MLGan makes libtorch's MKL run its AVX-512 matrix-product kernels instead of its AVX2 ones
/// for non-Intel CPUs (<see cref="MklDispatch"/>); elsewhere it changes nothing. Checked in fresh processes, where the
/// kernels show in the rounding of what a saved model generates.
/// </summary>
[TestClass]
public sealed class MklDispatchTests
{
    [TestMethod]
    public void AmdCpusWithAvx512_RunMklsAvx512Kernels_UnlessTheUserKeepsMklsChoice()
    {
        bool applies = OperatingSystem.IsLinux() && MklDispatch.HasAvx512 && CpuVendor() != "GenuineIntel"
            && Environment.GetEnvironmentVariable(MklDispatch.KeepVariable) != "1";
        Assert.AreEqual(applies, MklDispatch.Switched, $"CPU vendor {CpuVendor()}, AVX-512 {MklDispatch.HasAvx512}");

        var ml = new MLContext(1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        var data = TestData.Ring(ml, 512, seed: 3);
        var options = TestData.Tiny();
        // Products wide enough for MKL's full kernels (the smallest take other paths, the same for both kernel sets).
        options.Networks.LatentDimension = 16;
        options.Networks.Generator.HiddenLayers = new[] { 128, 128 };
        using var model = ml.Gan().Trainers.Gan(options).Fit(data);
        Assert.AreEqual(applies, messages.Any(m => m.Contains("matrix products: MKL's AVX-512 kernels", StringComparison.Ordinal)), "the training log names the kernels");
        var path = Path.Combine(Path.GetTempPath(), $"mlgan-mkl-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, data.Schema, path);
            string switched = Generate(path, new()), kept = Generate(path, new() { [MklDispatch.KeepVariable] = "1" });
            if (applies)
                Assert.AreNotEqual(kept, switched, "the same rows with and without MKL's AVX-512 kernels: the switch did not reach the matrix products");
            else
                Assert.AreEqual(kept, switched, "the rows changed on a CPU where MLGan leaves MKL's choice alone");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The rows (round-trip precision) another process generated from the model.</summary>
    private static string Generate(string modelPath, Dictionary<string, string> environment)
        => ChildProcess.GenerateWithQuickStart(modelPath, 64, environment).Output;

    private static string CpuVendor()
    {
        if (!X86Base.IsSupported)
            return "not x86";
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        var bytes = new[] { ebx, edx, ecx }.SelectMany(BitConverter.GetBytes).ToArray();
        return Encoding.ASCII.GetString(bytes);
    }
}
