using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Data;
using MLGan.Data.BlockMapping;

namespace MLGan.Generation;

/// <summary>
/// What a <see cref="GanTransformer"/> adds to an input schema: one generated column, computed a block at a
/// time from latent vectors that come from the input's latent column when it has one, and otherwise from
/// (seed, row position) through <see cref="RowNoise"/>; with several generators (MAD-GAN), the generator of each row too.
/// </summary>
internal sealed class GeneratorBlockMapper : IBlockMapper
{
    private readonly GeneratorEngine _engine;
    private readonly ulong _streamKey;
    private readonly int? _generator;

    /// <param name="generator">For a model with several generators: the one to use for every row; null to pick one per row.</param>
    public GeneratorBlockMapper(DataViewSchema inputSchema, GeneratorEngine engine, string outputName, string? latentColumn, ulong streamKey, int? generator = null)
    {
        // The latent column is used where the input has it; elsewhere latents come from the seed.
        if (latentColumn is not null && inputSchema.GetColumnOrNull(latentColumn) is not null)
            FeatureColumn.Check(inputSchema, latentColumn, "latent", "GanOptions.LatentColumnName", engine.LatentDimension);
        else
            latentColumn = null;
        InputSchema = inputSchema;
        SourceColumn = latentColumn;
        SourceSize = latentColumn is null ? 0 : engine.LatentDimension;
        AddedColumns = new[] { new AddedColumn(outputName, new VectorDataViewType(NumberDataViewType.Single, engine.Dimensions)) };
        _engine = engine;
        _streamKey = streamKey;
        _generator = generator;
    }

    public DataViewSchema InputSchema { get; }

    public IReadOnlyList<AddedColumn> AddedColumns { get; }

    public string? SourceColumn { get; }

    public int SourceSize { get; }

    public void MapBlock(long blockStart, long first, long end, float[] source, BlockOutputs outputs)
    {
        float[] latents = source;
        if (SourceColumn is not null)
            RequireFinite(source, blockStart, first, end);
        if (SourceColumn is null)
        {
            // Every row of the block, not just [first, end): the generator always sees full blocks.
            int size = _engine.LatentDimension;
            latents = new float[BlockSize.Rows * size];
            for (int i = 0; i < BlockSize.Rows; i++)
                RowNoise.Fill(_streamKey, blockStart + i, latents.AsSpan(i * size, size));
        }
        long[]? choices = null;
        if (_engine.GeneratorCount > 1)
        {
            choices = new long[BlockSize.Rows];
            for (int i = 0; i < choices.Length; i++)
                choices[i] = _generator ?? RowNoise.Choice(_streamKey, blockStart + i, _engine.GeneratorCount);
        }
        _engine.Generate(latents, choices, outputs.Singles(0));
    }

    /// <summary>A latent vector with NaN or an infinity would give a silent NaN row: fail naming the row and the column.</summary>
    private void RequireFinite(float[] source, long blockStart, long first, long end)
    {
        int size = SourceSize;
        for (long position = first; position < end; position++)
        {
            var row = source.AsSpan((int)(position - blockStart) * size, size);
            for (int j = 0; j < size; j++)
            {
                if (!float.IsFinite(row[j]))
                    throw new InvalidOperationException(
                        $"Row {position} of the latent column '{SourceColumn}' (GanOptions.LatentColumnName) has {FeatureTable.NonFinite(row[j])} value in slot {j}; " +
                        "the generator needs finite latent vectors (e.g. standard normal draws). Fix or drop such rows, or generate without the latent column.");
            }
        }
    }
}
