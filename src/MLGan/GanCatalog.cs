using System.IO.Compression;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.ML;
using MLGan.Generation;
using MLGan.MLNetInternals;

namespace MLGan;

/// <summary>Entry point of MLGan on an <see cref="MLContext"/>: <c>mlContext.Gan()</c>.</summary>
public static class MLContextGanExtensions
{
    /// <summary>GAN trainers, generation and (later) diversity scoring.</summary>
    public static GanCatalog Gan(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new GanCatalog(mlContext);
    }

    /// <summary>
    /// Asks every component running under <paramref name="mlContext"/> to stop; GAN training stops within one step
    /// with an <see cref="OperationCanceledException"/>. (ML.NET 5 keeps its own method internal.)
    /// </summary>
    public static void CancelExecution(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        HostInterop.CancelExecution(mlContext);
    }
}

/// <summary>MLGan's catalog: <see cref="Trainers"/> and row-count-changing generation.</summary>
public sealed class GanCatalog
{
    private readonly MLContext _mlContext;

    internal GanCatalog(MLContext mlContext)
    {
        _mlContext = mlContext;
        Trainers = new GanTrainersCatalog(mlContext);
    }

    /// <summary>Estimators that train generators.</summary>
    public GanTrainersCatalog Trainers { get; }

    /// <summary>
    /// Generates <paramref name="count"/> rows. The result has one column, named and typed like the
    /// training data's feature column (unless <see cref="GanOptions.OutputColumnName"/> renamed it), so it can
    /// be appended to real data. The same model, count and seed always give the same rows; seed 0 gives the
    /// rows that <see cref="GanTransformer.Transform(IDataView)"/> would.
    /// </summary>
    /// <param name="model">A <see cref="GanTransformer"/>, or a transformer chain (e.g. one loaded from a model zip) that ends with one.</param>
    /// <param name="count">Rows to generate.</param>
    /// <param name="seed">Request seed: different seeds give independent samples.</param>
    public IDataView Generate(ITransformer model, long count, int seed = 0)
    {
        if (count <= 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "Generate needs a positive number of rows.");
        return FindGenerator(model).Transform(new RowCountDataView(count), seed);
    }

    /// <summary>
    /// Loads a model zip like <c>mlContext.Model.Load</c>, with MLGan's errors unwrapped: a damaged or
    /// incompatible generator throws <see cref="InvalidDataException"/> saying what is wrong, rather than the
    /// <see cref="TargetInvocationException"/> that ML.NET's loader wraps it in.
    /// </summary>
    /// <param name="path">The model file.</param>
    /// <param name="inputSchema">The schema of the data the model was saved with.</param>
    public ITransformer LoadModel(string path, out DataViewSchema inputSchema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"There is no model file at '{path}'.", path);
        RequireModelZip(path);
        try
        {
            return _mlContext.Model.Load(path, out inputSchema);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw; // not reached
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"'{path}' is not an ML.NET model file ({ex.Message}).", ex);
        }
    }

    private static void RequireModelZip(string path)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"'{path}' is not an ML.NET model file ({ex.Message}).", ex);
        }
        using (zip)
        {
            if (!zip.Entries.Any(e => e.Name == "Model.key"))
                throw new InvalidDataException($"'{path}' is a zip file but not an ML.NET model: it has no Model.key entry. Save models with mlContext.Model.Save.");
        }
    }

    internal static GanTransformer FindGenerator(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is GanTransformer gan)
            return gan;
        if (model is IEnumerable<ITransformer> chain && chain.Reverse().OfType<GanTransformer>().FirstOrDefault() is { } last)
            return last;
        throw new ArgumentException(
            $"The model is a {model.GetType().Name} and contains no GanTransformer. Pass the transformer returned by a GAN estimator's Fit, or a chain that ends with one.",
            nameof(model));
    }
}

/// <summary>GAN trainers: <c>mlContext.Gan().Trainers</c>.</summary>
public sealed class GanTrainersCatalog
{
    private readonly MLContext _mlContext;

    internal GanTrainersCatalog(MLContext mlContext) => _mlContext = mlContext;

    /// <summary>A GAN estimator with default networks and objective.</summary>
    /// <param name="featureColumnName">The known-size vector-of-Single column to learn.</param>
    /// <param name="epochs">Passes over the training data.</param>
    /// <param name="seed">Training seed; unset uses the <see cref="MLContext"/>'s seed.</param>
    public GanEstimator Gan(string featureColumnName = "Features", int epochs = 50, int? seed = null)
        => Gan(new GanOptions { FeatureColumnName = featureColumnName, Epochs = epochs, Seed = seed });

    /// <summary>A GAN estimator configured by <paramref name="options"/>.</summary>
    /// <param name="options">Networks, objective, schedule and run settings; validated here.</param>
    /// <param name="progress">Optional receiver of progress snapshots during <see cref="GanEstimator.Fit"/>.</param>
    public GanEstimator Gan(GanOptions options, IProgress<GanProgress>? progress = null)
        => new(_mlContext, options, progress);
}
