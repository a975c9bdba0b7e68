using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Data;
using MLGan.Data.BlockMapping;

namespace MLGan.Generation;

/// <summary>
/// What a <see cref="GanTransformer"/> adds to an input schema: one generated column, computed a block at a time from
/// latent vectors that come from the input's latent column when it has one, and otherwise from (seed, row position)
/// through <see cref="RowNoise"/>; with several generators (MAD-GAN), the generator of each row too; for a conditional
/// generator, each row's class from the input's label column. A row's source values are its latent vector (when read)
/// followed by its class (when conditional).
/// </summary>
internal sealed class GeneratorBlockMapper : IBlockMapper
{
    private readonly GeneratorEngine _engine;
    private readonly ulong _streamKey;
    private readonly int? _generator;
    private readonly string? _latentColumn;
    private readonly LabelVocabulary? _labels;

    /// <param name="generator">For a model with several generators: the one to use for every row; null to pick one per row.</param>
    public GeneratorBlockMapper(DataViewSchema inputSchema, GeneratorEngine engine, string outputName, string? latentColumn, ulong streamKey,
        LabelVocabulary? labels, int? generator = null)
    {
        // The latent column is used where the input has it; elsewhere latents come from the seed.
        if (latentColumn is not null && inputSchema.GetColumnOrNull(latentColumn) is not null)
            FeatureColumn.Check(inputSchema, latentColumn, "latent", "GanOptions.LatentColumnName", engine.LatentDimension);
        else
            latentColumn = null;
        if (labels is not null && inputSchema.GetColumnOrNull(labels.ColumnName) is null)
            throw new ArgumentException(
                $"The model generates rows for labels of the column '{labels.ColumnName}' (GanOptions.LabelColumnName), and the input has no such column. " +
                $"Use mlContext.Gan().GenerateForLabels(model, ...) to generate rows for chosen labels, or pass data with a '{labels.ColumnName}' column. Known labels: {labels.Describe()}.");
        InputSchema = inputSchema;
        _latentColumn = latentColumn;
        _labels = labels;
        SourceColumns = new[] { latentColumn, labels?.ColumnName }.OfType<string>().ToArray();
        SourceSize = (latentColumn is null ? 0 : engine.LatentDimension) + (labels is null ? 0 : 1);
        AddedColumns = new[]
        {
            engine.Codec is PixelCodec { Images: true } pixels
                ? new AddedColumn(outputName, new Microsoft.ML.Transforms.Image.ImageDataViewType(pixels.Shape.Height, pixels.Shape.Width), pixels.Shape)
                : new AddedColumn(outputName, new VectorDataViewType(NumberDataViewType.Single, engine.Dimensions)),
        };
        _engine = engine;
        _streamKey = streamKey;
        _generator = generator;
    }

    public DataViewSchema InputSchema { get; }

    public IReadOnlyList<AddedColumn> AddedColumns { get; }

    public IReadOnlyList<string> SourceColumns { get; }

    public int SourceSize { get; }

    public Action<Span<float>> SourceReader(DataViewRow row)
    {
        int latentSize = _latentColumn is null ? 0 : _engine.LatentDimension;
        var latents = _latentColumn is null ? null : SourceReaders.Vector(row, _latentColumn, latentSize);
        var classes = _labels?.ClassReader(row, "the input");
        return destination =>
        {
            latents?.Invoke(destination);
            if (classes is not null)
                destination[latentSize] = classes();
        };
    }

    public void MapBlock(long blockStart, long first, long end, float[] source, BlockOutputs outputs)
    {
        int latentSize = _engine.LatentDimension;
        var latents = new float[BlockSize.Rows * latentSize];
        if (_latentColumn is not null)
        {
            RequireFinite(source, blockStart, first, end);
            for (int i = 0; i < BlockSize.Rows; i++)
                source.AsSpan(i * SourceSize, latentSize).CopyTo(latents.AsSpan(i * latentSize, latentSize));
        }
        else
        {
            // Every row of the block, not just [first, end): the generator always sees full blocks.
            for (int i = 0; i < BlockSize.Rows; i++)
                RowNoise.Fill(_streamKey, blockStart + i, latents.AsSpan(i * latentSize, latentSize));
        }
        long[]? choices = null;
        if (_engine.GeneratorCount > 1)
        {
            choices = new long[BlockSize.Rows];
            for (int i = 0; i < choices.Length; i++)
                choices[i] = _generator ?? RowNoise.Choice(_streamKey, blockStart + i, _engine.GeneratorCount);
        }
        long[]? classes = null;
        if (_labels is not null)
        {
            classes = new long[BlockSize.Rows]; // rows outside [first, end) are generated for class 0 and not returned
            for (int i = (int)(first - blockStart); i < (int)(end - blockStart); i++)
                classes[i] = (long)source[i * SourceSize + SourceSize - 1];
        }
        _engine.Generate(latents, choices, classes, outputs.Singles(0));
    }

    /// <summary>A latent vector with NaN or an infinity would give a silent NaN row: fail naming the row and the column.</summary>
    private void RequireFinite(float[] source, long blockStart, long first, long end)
    {
        int size = _engine.LatentDimension;
        for (long position = first; position < end; position++)
        {
            var row = source.AsSpan((int)(position - blockStart) * SourceSize, size);
            for (int j = 0; j < size; j++)
            {
                if (!float.IsFinite(row[j]))
                    throw new InvalidOperationException(
                        $"Row {position} of the latent column '{_latentColumn}' (GanOptions.LatentColumnName) has {FeatureTable.NonFinite(row[j])} value in slot {j}; " +
                        "the generator needs finite latent vectors (e.g. standard normal draws). Fix or drop such rows, or generate without the latent column.");
            }
        }
    }
}
