using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using TorchSharp;

namespace MLGan.Tensors;

/// <summary>
/// Lets libtorch's Intel MKL choose its matrix-product kernels by the CPU's features on AMD CPUs with AVX-512. MKL asks
/// one function whether the CPU is Intel's (<c>mkl_serv_intel_cpu_true</c>) and, where it is not, runs its AVX2 "zen"
/// kernels whatever the CPU supports; environment variables (<c>MKL_ENABLE_INSTRUCTIONS</c>, <c>MKL_CBWR</c>) change
/// nothing there, and <c>MKL_DEBUG_CPU_TYPE</c> is gone from MKL since 2020. On a 2-core AMD EPYC (Zen 5, AVX-512) a
/// 256x128 by 128x128 product took 101 µs (83 GFLOP/s) with those kernels and 44 µs (190 GFLOP/s) with MKL's AVX-512
/// ones, and a training step of the PacGAN small networks 3.35 against 1.96 ms (benchmarks/RESULTS.md, "MKL's kernels
/// on AMD CPUs"). The check's first bytes are replaced by "return 1" (<c>mov eax, 1; ret</c>), the answer MKL gets on
/// Intel CPUs, after which it picks kernels from the CPU's feature flags as it does there.
/// </summary>
/// <remarks>
/// Only on Linux x64 CPUs with AVX-512 (F, CD, BW, DQ, VL: what MKL's AVX-512 kernels use) where MKL's own check says the
/// CPU is not Intel's; elsewhere nothing changes. Process-wide, the user's own libtorch work included. MKL chooses a
/// routine's kernels at its first call, so this runs before MLGan makes its first tensor (<see cref="HeldTensors"/>): a
/// process that multiplied matrices with libtorch before keeps MKL's first choice for those routines. Results for a seed
/// differ from those with the AVX2 kernels by rounding (the test goldens have one file per kernel set). Setting the
/// environment variable <c>MLGAN_KEEP_MKL_DISPATCH=1</c> leaves MKL's choice alone.
/// </remarks>
internal static class MklDispatch
{
    public const string KeepVariable = "MLGAN_KEEP_MKL_DISPATCH";

    private const string CheckName = "mkl_serv_intel_cpu_true";
    private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4;
    private static readonly byte[] ReturnOne = { 0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3 }; // mov eax, 1; ret

    private static readonly Lazy<(bool Switched, string? Message)> Outcome = new(() => Configure(Environment.GetEnvironmentVariable(KeepVariable) == "1"));

    /// <summary>Applies the change the first time it is called in a process; returns what was done, for the training log (null: nothing to say).</summary>
    public static string? Ensure() => Outcome.Value.Message;

    /// <summary>Whether MKL runs its kernels for the CPU's features because of this class (false where it did so already, or was left alone).</summary>
    public static bool Switched => Outcome.Value.Switched;

    /// <summary>Whether this CPU has what MKL's AVX-512 kernels use.</summary>
    public static bool HasAvx512 => Avx512F.IsSupported && Avx512F.VL.IsSupported && Avx512CD.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported;

    private static (bool, string?) Configure(bool keep)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64 || !HasAvx512)
            return (false, null);
        torch.InitializeDeviceType(DeviceType.CPU); // loads libtorch, so that the name below finds TorchSharp's copy
        if (!NativeLibrary.TryLoad("libtorch_cpu", typeof(MklDispatch).Assembly, null, out var library)
            || !NativeLibrary.TryGetExport(library, CheckName, out var check))
            return (false, null); // a libtorch without MKL, or built otherwise
        if (IntelCpu() != 0)
            return (false, null); // Intel: MKL already picks by the CPU's features
        if (keep)
            return (false, $"matrix products: MKL's AVX2 kernels for non-Intel CPUs kept ({KeepVariable} = 1)");
        if (!Overwrite(check, ReturnOne) || IntelCpu() != 1)
            return (false, "matrix products: MKL's AVX2 kernels for non-Intel CPUs (its CPU check could not be changed in this process)");
        return (true, $"matrix products: MKL's AVX-512 kernels (it runs AVX2 ones on non-Intel CPUs; {KeepVariable} = 1 keeps those)");
    }

    /// <summary>Writes <paramref name="code"/> over the start of a function in a loaded library's code.</summary>
    private static bool Overwrite(IntPtr function, byte[] code)
    {
        long pageSize = Environment.SystemPageSize;
        long first = function.ToInt64() & ~(pageSize - 1);
        var length = (nuint)(function.ToInt64() + code.Length - first);
        // Writable and executable at once: the page may hold code that another thread runs meanwhile.
        if (mprotect(new IntPtr(first), length, ProtRead | ProtWrite | ProtExec) != 0)
            return false;
        Marshal.Copy(code, 0, function, code.Length);
        mprotect(new IntPtr(first), length, ProtRead | ProtExec);
        return true;
    }

    /// <summary>MKL's answer to "is this CPU Intel's?": 1 or 0.</summary>
    [DllImport("libtorch_cpu", EntryPoint = CheckName)]
    private static extern int IntelCpu();

    [DllImport("libc", SetLastError = true)]
    private static extern int mprotect(IntPtr address, nuint length, int protection);
}
