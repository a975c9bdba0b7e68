using static TorchSharp.torch;

namespace MLGan.Training;

/// <summary>Parses the <see cref="GanRunOptions.Device"/> string and resolves it against what this machine has.</summary>
internal static class TorchDevices
{
    /// <summary>Checks the form of <paramref name="device"/>; returns the normalized string.</summary>
    public static string Parse(string? device)
    {
        var value = (device ?? "").Trim().ToLowerInvariant();
        if (value is "cpu" or "cuda" or "auto")
            return value;
        if (value.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(value.AsSpan(5), out int index) && index >= 0)
            return value;
        throw new ArgumentException(
            $"GanOptions.Run.Device = '{device}' is not known. Use \"cpu\", \"cuda\", \"cuda:N\" (N = GPU index) or \"auto\" (CUDA when available, else CPU).",
            "Run.Device");
    }

    /// <summary>The device to train on; throws when CUDA is asked for and not available.</summary>
    public static Device Resolve(string device)
    {
        var value = Parse(device);
        if (value == "cpu")
            return CPU;
        bool available = cuda.is_available();
        if (value == "auto")
            return available ? CUDA : CPU;
        if (!available)
            throw new InvalidOperationException(
                $"GanOptions.Run.Device = '{device}' but CUDA is not available in this process. Build the app with the CUDA backend " +
                "(dotnet build -p:MLGanTorchBackend=cuda, which references TorchSharp-cuda-linux or -windows) on a machine with an NVIDIA GPU and driver, " +
                "or use Device = \"cpu\" or \"auto\".");
        return new Device(value);
    }
}
