using MLGan.Training;

namespace MLGan.Tests;

/// <summary>
/// GanOptions.Run.ReuseNativeMemory: a GLIBC_TUNABLES variable that sets malloc's behaviour is left alone. The thresholds
/// themselves are not applied in the test process (they are process-wide and stay for the process's life, and the
/// option is opt-in); the speed they buy is benchmarked in benchmarks/RESULTS.md.
/// </summary>
[TestClass]
public sealed class NativeMemoryTests
{
    [TestMethod]
    public void MallocSettingsFromGlibcTunables_AreLeftAlone()
    {
        var outcome = NativeMemory.Configure("glibc.cpu.hwcaps=-AVX512F:glibc.malloc.trim_threshold=1048576");
        if (OperatingSystem.IsLinux())
            Assert.AreEqual("native memory: glibc's malloc left as GLIBC_TUNABLES sets it", outcome);
        else
            Assert.IsNull(outcome, "elsewhere nothing is done");
    }
}
