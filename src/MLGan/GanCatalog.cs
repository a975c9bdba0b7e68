using System.IO.Compression;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.ML;
using MLGan.Data.BlockMapping;
using MLGan.Diversity;
using MLGan.Generation;
using MLGan.MLNetInternals;

namespace MLGan;

/// <summary>Entry point of MLGan on an <see cref="MLContext"/>: <c>mlContext.Gan()</c>.</summary>
public static class MLContextGanExtensions
{
    /// <summary>GAN trainers, generation, diversity scoring and evaluation.</summary>
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

/// <summary>MLGan's catalog: <see cref="Trainers"/>, <see cref="Transforms"/>, generation and evaluation.</summary>
public sealed class GanCatalog
{
    private readonly MLContext _mlContext;

    internal GanCatalog(MLContext mlContext)
    {
        _mlContext = mlContext;
        Trainers = new GanTrainersCatalog(mlContext);
        Transforms = new GanTransformsCatalog(mlContext);
    }

    /// <summary>Estimators that train generators.</summary>
    public GanTrainersCatalog Trainers { get; }

    /// <summary>Estimators of MLGan's other transforms (diversity scoring).</summary>
    public GanTransformsCatalog Transforms { get; }

    /// <summary>
    /// Set-level diversity metrics and the collapse verdict of data scored by a <see cref="DiversityScoringTransformer"/>
    /// (the output of its <c>Transform</c>).
    /// </summary>
    /// <param name="scoredData">The output of <see cref="DiversityScoringTransformer.Transform"/>.</param>
    /// <param name="criteria">Verdict thresholds; defaults when null.</param>
    public DiversityMetrics Evaluate(IDataView scoredData, CollapseCriteria? criteria = null)
    {
        ArgumentNullException.ThrowIfNull(scoredData);
        if (scoredData is not BlockMappedDataView { Mapper: DiversityBlockMapper mapper })
            throw new ArgumentException(
                "The data was not produced by a DiversityScoringTransformer's Transform. Score it first, or call Evaluate(scorer, data).", nameof(scoredData));
        return Evaluate(mapper.Scorer, scoredData, criteria);
    }

    /// <summary>Set-level diversity metrics and the collapse verdict of <paramref name="data"/> against <paramref name="scorer"/>'s reference.</summary>
    /// <param name="scorer">A fitted diversity scorer.</param>
    /// <param name="data">Rows with the scorer's feature column (generated rows, typically); they need not be scored.</param>
    /// <param name="criteria">Verdict thresholds; defaults when null.</param>
    public DiversityMetrics Evaluate(DiversityScoringTransformer scorer, IDataView data, CollapseCriteria? criteria = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        return scorer.Evaluate(data, criteria);
    }

    /// <summary>
    /// Generates <paramref name="count"/> rows. The result has one column, named and typed like the
    /// training data's feature column (unless <see cref="GanOptions.OutputColumnName"/> renamed it), so it can
    /// be appended to real data. The same model, count and seed always give the same rows; seed 0 gives the
    /// rows that <see cref="GanTransformer.Transform(IDataView)"/> would.
    /// </summary>
    /// <param name="model">A <see cref="GanTransformer"/>, or a transformer chain (e.g. one loaded from a model zip) that ends with one.</param>
    /// <param name="count">Rows to generate.</param>
    /// <param name="seed">Request seed: different seeds give independent samples.</param>
    /// <exception cref="ArgumentException">The model is conditional: use <see cref="GenerateForLabels(ITransformer, int, int)"/>.</exception>
    public IDataView Generate(ITransformer model, long count, int seed = 0)
    {
        if (count <= 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "Generate needs a positive number of rows.");
        var transformer = FindGenerator(model);
        if (transformer.Model.Labels is { } labels)
            throw new ArgumentException(
                $"The model is conditional on the labels of '{labels.ColumnName}': use mlContext.Gan().GenerateForLabels(model, countPerLabel) or " +
                $"GenerateForLabels(model, labels) to choose them. Known labels: {labels.Describe()}.", nameof(model));
        return transformer.Transform(new RowCountDataView(count), seed);
    }

    /// <summary>
    /// Generates <paramref name="count"/> rows from one generator of a model with several (MAD-GAN,
    /// <see cref="MultipleGeneratorsOptions"/>), to see what each one learned. Row i gets the same latent vector as row i of
    /// <see cref="Generate"/> with the same seed; only the generator differs.
    /// </summary>
    /// <param name="model">A <see cref="GanTransformer"/>, or a transformer chain that ends with one.</param>
    /// <param name="generator">The generator, from 0 to <see cref="GanTransformer.GeneratorCount"/> − 1.</param>
    /// <param name="count">Rows to generate.</param>
    /// <param name="seed">Request seed: different seeds give independent samples.</param>
    /// <exception cref="ArgumentOutOfRangeException">The model has no generator <paramref name="generator"/>, or <paramref name="count"/> is not positive.</exception>
    public IDataView GenerateFromGenerator(ITransformer model, int generator, long count, int seed = 0)
    {
        if (count <= 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "GenerateFromGenerator needs a positive number of rows.");
        var transformer = FindGenerator(model);
        if (generator < 0 || generator >= transformer.GeneratorCount)
            throw new ArgumentOutOfRangeException(nameof(generator), generator,
                $"The model has {transformer.GeneratorCount} generator(s), numbered from 0 to {transformer.GeneratorCount - 1}.");
        return transformer.Transform(new RowCountDataView(count), seed, generator);
    }

    /// <summary>
    /// Generates <paramref name="countPerLabel"/> rows for every label a conditional model knows (see
    /// <see cref="GanOptions.LabelColumnName"/>), label by label in the model's order (<see cref="GanTransformer.Labels"/>).
    /// The result has the label column, typed like the training data's, and the generated column.
    /// </summary>
    /// <param name="model">A conditional <see cref="GanTransformer"/>, or a transformer chain that ends with one.</param>
    /// <param name="countPerLabel">Rows per label.</param>
    /// <param name="seed">Request seed: different seeds give independent samples.</param>
    /// <exception cref="ArgumentException">The model is not conditional.</exception>
    public IDataView GenerateForLabels(ITransformer model, int countPerLabel, int seed = 0)
    {
        if (countPerLabel <= 0)
            throw new ArgumentOutOfRangeException(nameof(countPerLabel), countPerLabel, "GenerateForLabels needs a positive number of rows per label.");
        var (transformer, labels) = Conditional(model);
        if ((long)countPerLabel * labels.Classes.Count > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(countPerLabel), countPerLabel, $"{countPerLabel} rows for each of {labels.Classes.Count} labels is too many for one call.");
        var classes = Enumerable.Range(0, labels.Classes.Count).SelectMany(c => Enumerable.Repeat(c, countPerLabel)).ToList();
        return transformer.Transform(LabelViews.Create(_mlContext, labels, classes), seed);
    }

    /// <summary>
    /// Generates one row for each entry of <paramref name="labels"/> (repeat a label for more rows), in order, with a
    /// conditional model. Labels are given as text: a key column's key values (or key numbers), text, "True"/"False", or
    /// numbers in invariant form (e.g. "3", "0.5"). The result has the label column, typed like the training data's, and
    /// the generated column.
    /// </summary>
    /// <param name="model">A conditional <see cref="GanTransformer"/>, or a transformer chain that ends with one.</param>
    /// <param name="labels">Labels the model was trained on.</param>
    /// <param name="seed">Request seed: different seeds give independent samples.</param>
    /// <exception cref="ArgumentException">The model is not conditional, or a label was not seen in training (the message lists the known ones).</exception>
    public IDataView GenerateForLabels(ITransformer model, IEnumerable<string> labels, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var (transformer, vocabulary) = Conditional(model);
        var classes = labels.Select(label => vocabulary.IndexOf(label ?? throw new ArgumentException("A label is null.", nameof(labels)), "the labels passed to GenerateForLabels")).ToList();
        if (classes.Count == 0)
            throw new ArgumentException("GenerateForLabels needs at least one label.", nameof(labels));
        return transformer.Transform(LabelViews.Create(_mlContext, vocabulary, classes), seed);
    }

    private static (GanTransformer Transformer, Data.LabelVocabulary Labels) Conditional(ITransformer model)
    {
        var transformer = FindGenerator(model);
        return (transformer, transformer.Model.Labels ?? throw new ArgumentException(
            "The model is not conditional (it was trained without GanOptions.LabelColumnName): use Generate(model, count).", nameof(model)));
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
        catch (TargetInvocationException ex) when (ex.InnerException is InvalidDataException damaged)
        {
            throw new InvalidDataException($"'{path}': {damaged.Message}", damaged); // the loader cannot know the file's name
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

/// <summary>MLGan transforms: <c>mlContext.Gan().Transforms</c>.</summary>
public sealed class GanTransformsCatalog
{
    private readonly MLContext _mlContext;

    internal GanTransformsCatalog(MLContext mlContext) => _mlContext = mlContext;

    /// <summary>A diversity scorer fitted on real data, with modes found by k-means.</summary>
    /// <param name="featureColumnName">The known-size vector-of-Single column to score.</param>
    /// <param name="numberOfModes">k-means modes; unset chooses k by silhouette.</param>
    public DiversityScoringEstimator ScoreDiversity(string featureColumnName = "Features", int? numberOfModes = null)
        => ScoreDiversity(new DiversityScoringOptions { FeatureColumnName = featureColumnName, NumberOfModes = numberOfModes });

    /// <summary>A diversity scorer configured by <paramref name="options"/> (e.g. with known mode centres).</summary>
    public DiversityScoringEstimator ScoreDiversity(DiversityScoringOptions options) => new(_mlContext, options);
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
        => Gan(new GanOptions { FeatureColumnName = featureColumnName, Schedule = { Epochs = epochs }, Run = { Seed = seed } });

    /// <summary>A GAN estimator configured by <paramref name="options"/>.</summary>
    /// <param name="options">Networks, objective, schedule and run settings; validated here.</param>
    /// <param name="progress">Optional receiver of progress snapshots during <see cref="GanEstimator.Fit(Microsoft.ML.IDataView)"/>.</param>
    public GanEstimator Gan(GanOptions options, IProgress<GanProgress>? progress = null)
        => new(_mlContext, options, progress);
}
