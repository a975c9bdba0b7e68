using System.Diagnostics;
using System.Globalization;

namespace MLGan.Benchmarks;

/// <summary>
/// Runs benchmarks/pytorch/gan_step.py (the PyTorch peer) in Debian's Python with Debian's PyTorch (python3-torch, with
/// OpenBLAS from libopenblas0-pthread; benchmarks/pytorch/install.sh installs both), one process per timing.
/// </summary>
/// <remarks>
/// OpenBLAS picks its kernels from the CPU it recognizes: Debian's 0.3.21 takes its AVX2 "Haswell" ones on the AMD EPYC
/// (Zen 5) this was measured on, although the CPU has AVX-512. <see cref="Avx512Core"/> forces its AVX-512 ones
/// (<c>OPENBLAS_CORETYPE=SKYLAKEX</c>: a 256x128 by 128x128 product 90 → 53–56 µs), so that both sides can be compared
/// with the fastest kernels each library has on the machine.
/// </remarks>
internal static class PyTorchPeer
{
    private const string Python = "/usr/bin/python3";

    /// <summary>OpenBLAS's AVX-512 kernel set, for <see cref="SecondsPerStep"/> on CPUs with AVX-512.</summary>
    public const string Avx512Core = "SKYLAKEX";

    /// <summary>Whether Debian's Python can import torch; the reason when it cannot.</summary>
    public static string? Unavailable()
    {
        if (!File.Exists(Python))
            return $"{Python} not found";
        var (code, output) = Run(["-c", "import torch; print(torch.__version__)"], threads: 1);
        return code == 0 ? null : $"Debian's PyTorch is not installed ({output.Trim().Split('\n')[^1]}); run benchmarks/pytorch/install.sh";
    }

    public static string Version() => Run(["-c", "import torch; print(torch.__version__)"], threads: 1).Output.Trim();

    /// <summary>
    /// Seconds per step after <paramref name="warmup"/> steps (the script's own clock, start-up excluded). With several
    /// threads they go to OpenBLAS and PyTorch's own (OpenMP) pool keeps one: the fastest split on this machine (2 cores,
    /// small networks: OpenMP 1 + OpenBLAS 2 = 3.21 ms/step, OpenMP 2 + OpenBLAS 1 = 3.92, both 2 = 17.3, the two pools
    /// then competing for the cores).
    /// </summary>
    /// <param name="openBlasCore">OpenBLAS's kernel set (<c>OPENBLAS_CORETYPE</c>); null for its own choice.</param>
    public static double SecondsPerStep(SpeedNetworks nets, int threads, int steps, int warmup, string? openBlasCore = null)
    {
        var (code, output) = Run([Script, "--net", nets.Name, "--threads", "1",
            "--steps", steps.ToString(CultureInfo.InvariantCulture), "--warmup", warmup.ToString(CultureInfo.InvariantCulture)], threads, openBlasCore);
        if (code != 0)
            throw new InvalidOperationException($"the PyTorch peer failed ({code}): {output}");
        return double.Parse(output.Trim().Split('\n')[^1], CultureInfo.InvariantCulture) / 1000;
    }

    private static string Script => Path.Combine(RepositoryRoot(), "benchmarks", "pytorch", "gan_step.py");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MLGan.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("run the benchmark from the repository (MLGan.sln not found above the binaries)");
    }

    /// <summary>Runs Python with OpenMP 1 thread and OpenBLAS <paramref name="threads"/>, set explicitly (OpenBLAS ignores torch.set_num_threads).</summary>
    private static (int Code, string Output) Run(IReadOnlyList<string> arguments, int threads, string? openBlasCore = null)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        if (openBlasCore is not null)
            start.Environment["OPENBLAS_CORETYPE"] = openBlasCore;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
