using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLGan.MLNetInternals;

/// <summary>ML.NET host features that ML.NET 5 keeps internal: cancellation.</summary>
internal static class HostInterop
{
    /// <summary>Throws <see cref="OperationCanceledException"/> once <see cref="MLContext"/> execution was cancelled.</summary>
    public static void CheckAlive(IHostEnvironment env) => Contracts.CheckAlive(env);

    /// <summary>Asks every component running under <paramref name="mlContext"/> to stop.</summary>
    public static void CancelExecution(MLContext mlContext) => mlContext.CancelExecution();
}
