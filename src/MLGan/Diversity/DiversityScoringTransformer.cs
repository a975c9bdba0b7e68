using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Data;
using MLGan.Data.BlockMapping;
using MLGan.Diversity;
using MLGan.MLNetInternals;

namespace MLGan;

/// <summary>
/// Scores rows against real (reference) data: per row, the distance to the nearest reference row, whether it
/// lies inside the reference k-NN manifold, its nearest mode and whether it is high quality. Set-level metrics
/// and the collapse verdict come from <see cref="Evaluate"/> (or <c>mlContext.Gan().Evaluate</c>).
/// The row count never changes. Holds native (libtorch) memory: dispose it when done.
/// </summary>
public sealed class DiversityScoringTransformer : ITransformer, IDisposable
{
    internal DiversityScoringTransformer(DiversityReference reference, DiversityColumnNames names)
    {
        Reference = reference;
        Names = names;
    }

    /// <summary>The scored column.</summary>
    public string FeatureColumnName => Names.Feature;

    /// <summary>Values per row of the scored column.</summary>
    public int FeatureSize => Reference.FeatureSize;

    /// <summary>Reference rows kept.</summary>
    public int ReferenceRowCount => Reference.RowCount;

    /// <summary>Mode centres (given or found by k-means).</summary>
    public IReadOnlyList<float[]> ModeCenters
        => Enumerable.Range(0, Reference.ModeCount).Select(m => Reference.ModeCenters.AsSpan(m * FeatureSize, FeatureSize).ToArray()).ToArray();

    /// <summary>Each mode's quality radius.</summary>
    public IReadOnlyList<float> ModeQualityRadii => Reference.ModeRadii;

    /// <summary>Share of the reference rows in each mode (uniform for given centres).</summary>
    public IReadOnlyList<double> ModeWeights => Reference.ModeWeights;

    /// <summary>Distance under which two rows count as near-duplicates.</summary>
    public float DuplicateRadius => Reference.DuplicateRadius;

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    internal DiversityReference Reference { get; }

    internal DiversityColumnNames Names { get; }

    /// <summary>Set-level diversity metrics of <paramref name="data"/>'s feature column, with the collapse verdict.</summary>
    /// <param name="data">Generated (or any) rows with the scored column; need not be scored first.</param>
    /// <param name="criteria">Verdict thresholds; defaults when null.</param>
    public DiversityMetrics Evaluate(IDataView data, CollapseCriteria? criteria = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var table = FeatureTable.Load(data, FeatureColumnName, "DiversityScoringOptions.FeatureColumnName", dataName: "scored data");
        if (table.Size != FeatureSize)
            throw new ArgumentOutOfRangeException(nameof(data), $"The scored data's column '{FeatureColumnName}' has {table.Size} values per row; the scorer was fitted on {FeatureSize}.");
        return DiversityEvaluator.Evaluate(Reference, table.Values, criteria ?? new CollapseCriteria());
    }

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => BlockMappedSchema.Of(Bind(inputSchema));

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new BlockMappedRowMapper(Bind(inputSchema));

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new BlockMappedDataView(input, Bind(input.Schema));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => DiversityScoringPersistence.Save(ctx, Reference, Names);

    /// <summary>Releases the reference tensors.</summary>
    public void Dispose() => Reference.Dispose();

    private DiversityBlockMapper Bind(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new DiversityBlockMapper(inputSchema, this);
    }
}
