using System.Runtime.InteropServices;

namespace MLGan.Networks.Convolutional;

/// <summary>
/// Runs libtorch's CPU convolutions on its own kernels (im2col and matrix products) instead of oneDNN's. With oneDNN's
/// kernels, DCGAN training turned NaN now and then (all of the generator's gradients after a backward pass through the
/// discriminator; losses and weights finite until then): on an AVX-512 machine in about every second fast test run with
/// oneDNN's AVX-512 kernels and in 6 of 9 with its AVX2 ones; with libtorch's own kernels in none of 5
/// (benchmarks/RESULTS.md, "DCGAN NaN"). These were faster for the tests' small DCGAN (width 8, 28x28, batch 32: 3.8–4.0
/// s against 5.2–6.4 s for three 60-step runs) and 1.6x slower at MNIST size (widths 32, batch 64: 3 min 9 s against
/// 1 min 56 s; 2 min 35 s with MKL's AVX-512 matrix products, <see cref="Tensors.MklDispatch"/>). NNPACK goes too:
/// libtorch would try it next and, on CPUs it does not support, log a warning at every convolution.
/// </summary>
/// <remarks>
/// libtorch exposes these switches only as C++ members of its global context (<c>at::Context::setUserEnabledMkldnn</c>,
/// <c>setUserEnabledNNPACK</c>; PyTorch's <c>torch.backends.mkldnn.enabled</c>), which TorchSharp 0.107 does not wrap,
/// so they are called by their exported (Itanium C++ ABI) names: Linux and macOS. The switches are process-wide, the
/// user's own convolutions included; they are set when MLGan builds its first convolutional network. Setting the
/// environment variable <c>MLGAN_KEEP_ONEDNN=1</c> leaves libtorch's choice alone.
/// </remarks>
internal static class ConvolutionBackend
{
    public const string KeepVariable = "MLGAN_KEEP_ONEDNN";

    private static readonly Lazy<string?> Outcome = new(() => Configure(Environment.GetEnvironmentVariable(KeepVariable) == "1"));

    /// <summary>Switches oneDNN and NNPACK off the first time it is called in a process; returns what was done, for the training log.</summary>
    public static string? UseLibtorchKernels() => Outcome.Value;

    private static string? Configure(bool keep)
    {
        if (keep)
            return $"convolutions: libtorch's choice of kernels kept ({KeepVariable} = 1)";
        if (OperatingSystem.IsWindows())
            return null; // other C++ names there
        try
        {
            var context = GlobalContext();
            SetUserEnabledMkldnn(context, false);
            SetUserEnabledNnpack(context, false);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // a libtorch built otherwise: its own choice stays
        }
        return $"convolutions: libtorch's own kernels (oneDNN's made DCGAN training NaN; {KeepVariable} = 1 keeps them)";
    }

    /// <summary>libtorch's global context (<c>at::globalContext()</c>).</summary>
    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    internal static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static extern bool MkldnnEnabled(IntPtr context);

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static extern bool NnpackEnabled(IntPtr context);
}
