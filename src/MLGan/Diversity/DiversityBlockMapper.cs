using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Data;
using MLGan.Data.BlockMapping;
using static TorchSharp.torch;

namespace MLGan.Diversity;

/// <summary>The per-row columns of a <see cref="DiversityScoringTransformer"/>, computed a block at a time.</summary>
internal sealed class DiversityBlockMapper : IBlockMapper
{
    private readonly DiversityReference _reference;

    public DiversityBlockMapper(DataViewSchema inputSchema, DiversityScoringTransformer scorer)
    {
        var (reference, names) = (scorer.Reference, scorer.Names);
        Scorer = scorer;
        FeatureColumn.Check(inputSchema, names.Feature, "feature", "DiversityScoringOptions.FeatureColumnName", reference.FeatureSize);
        InputSchema = inputSchema;
        SourceColumns = new[] { names.Feature };
        SourceSize = reference.FeatureSize;
        AddedColumns = new[]
        {
            new AddedColumn(names.Distance, NumberDataViewType.Single),
            new AddedColumn(names.InManifold, BooleanDataViewType.Instance),
            new AddedColumn(names.Mode, NumberDataViewType.Int32),
            new AddedColumn(names.HighQuality, BooleanDataViewType.Instance),
        };
        _reference = reference;
    }

    public DiversityScoringTransformer Scorer { get; }

    public DataViewSchema InputSchema { get; }

    public IReadOnlyList<AddedColumn> AddedColumns { get; }

    public IReadOnlyList<string> SourceColumns { get; }

    public int SourceSize { get; }

    public Action<Span<float>> SourceReader(DataViewRow row) => SourceReaders.Vector(row, SourceColumns[0], SourceSize);

    public void MapBlock(long blockStart, long first, long end, float[] source, BlockOutputs outputs)
    {
        int offset = (int)(first - blockStart), rows = (int)(end - first);
        using var scope = NewDisposeScope();
        var block = tensor(source.AsSpan(offset * SourceSize, rows * SourceSize).ToArray(), new long[] { rows, SourceSize });
        var scores = _reference.ScoreRows(block);
        scores.Distance.CopyTo(outputs.Singles(0).AsSpan(offset, rows));
        scores.InManifold.CopyTo(outputs.Booleans(1).AsSpan(offset, rows));
        scores.Mode.CopyTo(outputs.Int32s(2).AsSpan(offset, rows));
        scores.HighQuality.CopyTo(outputs.Booleans(3).AsSpan(offset, rows));
    }
}

/// <summary>The scored column and the four output columns of a diversity scorer.</summary>
internal sealed record DiversityColumnNames(string Feature, string Distance, string InManifold, string Mode, string HighQuality)
{
    public static DiversityColumnNames From(DiversityScoringOptions o)
        => new(o.FeatureColumnName, o.DistanceColumnName, o.InManifoldColumnName, o.ModeColumnName, o.HighQualityColumnName);

    public void Write(BinaryWriter writer)
    {
        writer.Write(Feature);
        writer.Write(Distance);
        writer.Write(InManifold);
        writer.Write(Mode);
        writer.Write(HighQuality);
    }

    public static DiversityColumnNames Read(BinaryReader reader)
        => new(reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString());
}
