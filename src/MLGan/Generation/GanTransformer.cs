using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Data;
using MLGan.Data.BlockMapping;
using MLGan.Generation;
using MLGan.MLNetInternals;

namespace MLGan;

/// <summary>
/// A trained GAN generator as an ML.NET transformer: it adds one generated row to every input row (for a conditional
/// model, for that row's label), in the user's original units, without changing the row count.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// ### Transformer characteristics
/// | | |
/// | -- | -- |
/// | Input columns | none for an unconditional model (the latent column, a known-size vector of Single, is used where the input has it); the label column for a conditional one |
/// | Output column | `OutputColumnName`: like the training feature column, a known-size vector of Single with its dimensions, or images (`MLImage`, a new image per getter call) |
/// | Row count | unchanged; use `mlContext.Gan().Generate(...)` for a given number of rows |
/// | Exportable to ONNX | No |
///
/// Each row's latent vector is a pure function of the model's seed, the request seed and the row's
/// position (or is read from the latent column), so the same input gives the same output in any process.
/// The transformer holds native (libtorch) memory: dispose it when done, or leave it to the finalizer.
/// ]]></format>
/// </remarks>
[Display.TypeFormatterSource(typeof(Display.NotebookFormatterSource))] // HTML in notebooks (see NotebookDisplay)
public sealed class GanTransformer : ITransformer, IDisposable
{
    private readonly GeneratorModel _model;
    private readonly GeneratorEngine _engine;

    internal GanTransformer(GeneratorModel model)
    {
        _model = model;
        _engine = new GeneratorEngine(model.Generator, model.Codec);
    }

    /// <summary>Name of the column the generator was trained on.</summary>
    public string FeatureColumnName => _model.FeatureColumnName;

    /// <summary>Name of the column this transformer writes.</summary>
    public string OutputColumnName => _model.OutputColumnName;

    /// <summary>Optional input column holding latent vectors, used where the input has it; null when latents always come from the seed.</summary>
    public string? LatentColumnName => _model.LatentColumnName;

    /// <summary>Values per generated row.</summary>
    public int FeatureSize => _engine.OutputSize;

    /// <summary>Size of the generator's latent input.</summary>
    public int LatentDimension => _engine.LatentDimension;

    /// <summary>
    /// Generators in the model: k for MAD-GAN (<see cref="MultipleGeneratorsOptions"/>), else 1. With several, each row's
    /// generator is a pure function of (seed, request seed, row position).
    /// </summary>
    public int GeneratorCount => _engine.GeneratorCount;

    /// <summary>
    /// The labels a conditional generator knows, in class order (as text: key values, text, "False"/"True", or numbers in
    /// invariant form), or null for an unconditional one. See <see cref="GanOptions.LabelColumnName"/>.
    /// </summary>
    public IReadOnlyList<string>? Labels => _model.Labels?.Classes;

    /// <summary>The label column of a conditional generator (read by <see cref="Transform(IDataView)"/>), or null.</summary>
    public string? LabelColumnName => _model.Labels?.ColumnName;

    /// <summary>The training seed, also the default seed of generation.</summary>
    public int Seed => _model.Seed;

    /// <summary>
    /// A copy of the options the model was trained with (saved with it), or null for models saved before MLGan stored them
    /// (model format 3 and older).
    /// </summary>
    public GanOptions? TrainingOptions => _model.Options?.Clone();

    /// <summary>
    /// Settings that training changed on its own (the <see cref="CollapsePolicy.Escalate"/> policy), in order; empty when
    /// none changed. Saved with the model. <see cref="TrainingOptions"/> holds the options as they were given.
    /// </summary>
    public IReadOnlyList<ScheduleChange> ScheduleChanges => _model.ScheduleChanges;

    /// <summary>
    /// The collapse monitor's last check during training (<see cref="DiversityMetrics.IsCollapsed"/> and its reasons), or
    /// null when the monitor was off. A collapsed last check is also logged as a warning at the end of <c>Fit</c>.
    /// </summary>
    public DiversityMetrics? LastDiversityCheck => _model.History.LastOrDefault(h => h.Diversity is not null)?.Diversity;

    /// <summary>Progress snapshots taken during training; saved with the model.</summary>
    public IReadOnlyList<GanProgress> TrainingHistory => _model.History;

    /// <summary>The generator network's layers, e.g. <c>16 -> [128, 128, 128] -> 2 (ReLU, None)</c>.</summary>
    public string GeneratorArchitecture => _model.Generator.Spec.ToString() ?? "";

    /// <summary>
    /// The modes the generator works by (<see cref="GanOptions.ModeNormalization"/>: clusters of the training rows, each
    /// drawn in its share of the rows; 1 for rows without clear clusters, whitened as a whole), or 0 when it generates
    /// whole rows without modes.
    /// </summary>
    public int ModeCount => _model.Generator.Spec is Networks.ModeNormalizedSpec byMode ? byMode.Modes.Count : 0;

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    internal GeneratorModel Model => _model;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => BlockMappedSchema.Of(Bind(inputSchema, requestSeed: 0));

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new BlockMappedRowMapper(Bind(inputSchema, requestSeed: 0));

    /// <summary>Adds the generated column to <paramref name="input"/>, with latents drawn for request seed 0.</summary>
    public IDataView Transform(IDataView input) => Transform(input, requestSeed: 0);

    /// <summary>Adds the generated column to <paramref name="input"/>; different request seeds give independent samples.</summary>
    public IDataView Transform(IDataView input, int requestSeed) => Transform(input, requestSeed, generator: null);

    /// <summary>Adds the generated column; <paramref name="generator"/> names the one generator to use, or null to pick one per row.</summary>
    internal IDataView Transform(IDataView input, int requestSeed, int? generator)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new BlockMappedDataView(input, Bind(input.Schema, requestSeed, generator));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => GanTransformerPersistence.Save(ctx, _model);

    /// <summary>Releases the generator's native memory.</summary>
    public void Dispose() => _engine.Dispose();

    private GeneratorBlockMapper Bind(DataViewSchema inputSchema, int requestSeed, int? generator = null)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new GeneratorBlockMapper(inputSchema, _engine, OutputColumnName, LatentColumnName, RowNoise.StreamKey(Seed, requestSeed), _model.Labels, generator);
    }
}
