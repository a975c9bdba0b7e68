using MLGan.Training;

namespace MLGan.Tests;

/// <summary>
/// GanOptions.Run.ReuseNativeMemory: glibc accepts the malloc thresholds MLGan sets (mallopt returns 1 only for values in
/// range), and a GLIBC_TUNABLES variable that sets malloc's behaviour is left alone. The speed it buys is benchmarked
/// (benchmarks/RESULTS.md), not timed here.
/// </summary>
[TestClass]
public sealed class NativeMemoryTests
{
    [TestMethod]
    public void OnLinux_GlibcAcceptsTheThresholds()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.IsNull(NativeMemory.Configure(null), "elsewhere nothing is done");
            return;
        }
        StringAssert.StartsWith(NativeMemory.Configure(null), "native memory: glibc's malloc now keeps up to 128 MiB of freed memory");
    }

    [TestMethod]
    public void MallocSettingsFromGlibcTunables_AreLeftAlone()
    {
        if (OperatingSystem.IsLinux())
            Assert.AreEqual("native memory: glibc's malloc left as GLIBC_TUNABLES sets it", NativeMemory.Configure("glibc.malloc.trim_threshold=1048576"));
        StringAssert.StartsWith(NativeMemory.Configure("glibc.cpu.hwcaps=-AVX512F") ?? "", OperatingSystem.IsLinux() ? "native memory: glibc's malloc now keeps" : "");
    }
}
