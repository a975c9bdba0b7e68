using MLGan.Tensors;

namespace MLGan.Tests;

/// <summary>
/// Where a golden file of tests/MLGan.Tests/Golden is read and recorded. Exact floats depend on the matrix-product kernels
/// that run, so rows are kept per kernel set: the folder's own files for MKL's AVX2 kernels for AMD CPUs, mkl-avx512/
/// for its AVX-512 kernels where <see cref="MklDispatch"/> switched to them.
/// </summary>
internal static class GoldenFiles
{
    /// <summary>The environment variable that, set to the source tree's Golden folder, makes golden tests record instead of compare.</summary>
    public const string RecordVariable = "MLGAN_RECORD_GOLDEN";

    /// <summary>Subfolder of this process's kernel set ("" for the folder itself).</summary>
    public static string KernelFolder => MklDispatch.Switched ? "mkl-avx512" : "";

    /// <summary>A file shared by every kernel set (model zips).</summary>
    public static string Shared(string name) => Path.Combine(AppContext.BaseDirectory, "Golden", name);

    /// <summary>A recorded-rows file for this process's kernel set.</summary>
    public static string Rows(string name) => Path.Combine(AppContext.BaseDirectory, "Golden", KernelFolder, name);

    /// <summary>Writes <paramref name="lines"/> into the folder named by <see cref="RecordVariable"/> and returns true when it is set.</summary>
    public static bool Record(string name, IEnumerable<string> lines)
    {
        if (Environment.GetEnvironmentVariable(RecordVariable) is not { Length: > 0 } folder)
            return false;
        string directory = Path.Combine(folder, KernelFolder);
        Directory.CreateDirectory(directory);
        File.WriteAllLines(Path.Combine(directory, name), lines);
        return true;
    }
}
