using MLGan.Tensors;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using Microsoft.ML.Data;
using MLGan.Data;
using MLGan.Data.BlockMapping;
using MLGan.MLNetInternals;
using MLGan.Training;

namespace MLGan;

/// <summary>
/// Trains a generative adversarial network on a vector or image column, optionally conditioned on a label column;
/// <see cref="Fit(IDataView)"/> returns the generator as a <see cref="GanTransformer"/>. Create it with
/// <c>mlContext.Gan().Trainers.Gan(...)</c>.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Estimator characteristics
/// | | |
/// | -- | -- |
/// | Does this estimator need to look at the data to train its parameters? | Yes |
/// | Input columns | `FeatureColumnName`: known-size vector of Single (no NaN or infinite values; image dimensions (C, H, W) train DCGAN), or images (`MLImage`) of one size; `LabelColumnName` when conditional: key, text, Boolean or number |
/// | Output column | `OutputColumnName` (default: the feature column's name), of the feature column's kind: vector of Single with its dimensions, or images |
/// | Requires libtorch | Yes (CPU by default, CUDA when asked for and available) |
///
/// Features are standardized per slot for training; the transformer returns rows in the original units.
/// Progress goes to `MLContext.Log` and the optional `IProgress<GanProgress>`; `mlContext.CancelExecution()`
/// stops training within one step. Training is checked for divergence at every progress report; a diverged run throws
/// `GanTrainingDivergedException` with the last healthy generator instead of returning a broken one.
/// ]]></format>
/// </remarks>
public sealed class GanEstimator : IEstimator<GanTransformer>
{
    private readonly IHost _host;
    private readonly GanOptions _options;
    private readonly IProgress<GanProgress>? _progress;

    internal GanEstimator(IHostEnvironment env, GanOptions options, IProgress<GanProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(env);
        GanOptionsValidator.Validate(options);
        _host = env.Register(nameof(GanEstimator));
        _options = options.Clone();
        _progress = progress;
    }

    /// <summary>A copy of the options this estimator trains with.</summary>
    public GanOptions Options => _options.Clone();

    /// <summary>Trains the GAN on <paramref name="input"/>'s feature column.</summary>
    /// <exception cref="GanTrainingDivergedException">Training diverged (see the exception for the definition); it carries the last healthy generator. A diverged generator is never returned.</exception>
    public GanTransformer Fit(IDataView input) => Fit(input, validationData: null);

    /// <summary>
    /// Trains the GAN on <paramref name="input"/>'s feature column; the collapse monitor scores its samples against
    /// <paramref name="validationData"/>, rows held out from training (same feature column), instead of a sample of
    /// the training rows.
    /// </summary>
    /// <exception cref="GanTrainingDivergedException">Training diverged (see the exception for the definition); it carries the last healthy generator. A diverged generator is never returned.</exception>
    public GanTransformer Fit(IDataView input, IDataView? validationData)
    {
        ArgumentNullException.ThrowIfNull(input);
        var table = FeatureTable.Load(input, _options.FeatureColumnName, "GanOptions.FeatureColumnName", () => HostInterop.CheckAlive(_host));
        if (_options.LabelColumnName is { } labelColumn)
        {
            var (labels, classes) = LabelVocabulary.Fit(input, labelColumn, "GanOptions.LabelColumnName");
            table = table.WithLabels(labels, classes);
        }
        FeatureTable? heldOut = null;
        if (validationData is not null)
        {
            heldOut = FeatureTable.Load(validationData, _options.FeatureColumnName, "GanOptions.FeatureColumnName", () => HostInterop.CheckAlive(_host), "validation data",
                imageChannels: table.IsImageColumn ? table.Dimensions[0] : null);
            if (heldOut.Size != table.Size)
                throw new ArgumentException(
                    $"The validation data's feature column '{_options.FeatureColumnName}' has {heldOut.Size} values per row, the training data's {table.Size}. Pass validation rows shaped like the training rows.",
                    nameof(validationData));
        }
        int seed = _options.Run.Seed ?? _host.Rand.Next();
        return HeldTensors.During(() => new GanTransformer(GanTrainer.Train(_host, _options, table, seed, _progress, heldOut)));
    }

    /// <summary>Checks <paramref name="inputSchema"/> and returns it with the generated column.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        FeatureColumn.Check(inputSchema, _options.FeatureColumnName, "feature", "GanOptions.FeatureColumnName");
        if (_options.LabelColumnName is { } label && inputSchema.All(c => c.Name != label))
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"The label column '{label}' was not found in the input. Set GanOptions.LabelColumnName to the column of labels, or to null for an unconditional GAN.");
        // The size is known only after training; the shape records a known-size vector of Single, or images for images.
        var feature = inputSchema.First(c => c.Name == _options.FeatureColumnName);
        var output = ImagePixels.IsImage(feature.ItemType) ? feature.ItemType : new VectorDataViewType(NumberDataViewType.Single, 1);
        return SchemaShapes.With(inputSchema, new[] { new AddedColumn(_options.ResolvedOutputColumnName, output) });
    }
}
