using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Data.BlockMapping;

/// <summary>The input data with a block mapper's columns added. Row order and count are the input's.</summary>
internal sealed class BlockMappedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly IBlockMapper _mapper;

    public BlockMappedDataView(IDataView input, IBlockMapper mapper)
    {
        _input = input;
        _mapper = mapper;
        Schema = BlockMappedSchema.Of(mapper);
    }

    public DataViewSchema Schema { get; }

    public IBlockMapper Mapper => _mapper;

    // Added values may depend on row positions, so the input is never shuffled.
    public bool CanShuffle => false;

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        int firstAdded = _input.Schema.Count;
        var inputCursor = _input.GetRowCursor(needed.Where(c => c.Index < firstAdded).Select(c => _input.Schema[c.Index]));
        BlockCache? cache = null;
        if (needed.Any(c => c.Index >= firstAdded))
        {
            ISourceReader reader = _mapper.SourceColumns.Count == 0 ? new PositionOnlySource() : new LookaheadSource(_input, _mapper);
            cache = new BlockCache(_mapper, reader);
        }
        return new Cursor(this, inputCursor, cache);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor(BlockMappedDataView parent, DataViewRowCursor input, BlockCache? cache) : DataViewRowCursor
    {
        public override DataViewSchema Schema => parent.Schema;

        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
            => column.Index >= input.Schema.Count ? cache is not null : input.IsColumnActive(input.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            => BlockMappedSchema.Getter<TValue>(input, cache, column);

        public override bool MoveNext() => input.MoveNext();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                input.Dispose();
                cache?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

/// <summary>Row-at-a-time form of a block mapper, used by prediction engines and transformer chains.</summary>
internal sealed class BlockMappedRowMapper(IBlockMapper mapper) : IRowToRowMapper
{
    public DataViewSchema InputSchema => mapper.InputSchema;

    public DataViewSchema OutputSchema { get; } = BlockMappedSchema.Of(mapper);

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var needed = new SortedSet<int>();
        foreach (var column in dependingColumns)
        {
            if (column.Index < InputSchema.Count)
                needed.Add(column.Index);
            else
            {
                foreach (var source in mapper.SourceColumns)
                    needed.Add(InputSchema[source].Index);
            }
        }
        return needed.Select(i => InputSchema[i]);
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        BlockCache? cache = null;
        if (activeColumns.Any(c => c.Index >= InputSchema.Count))
        {
            ISourceReader reader = mapper.SourceColumns.Count == 0
                ? new PositionOnlySource()
                : new CurrentRowSource(mapper.SourceReader(input), mapper.SourceSize);
            cache = new BlockCache(mapper, reader);
        }
        return new Row(this, input, cache);
    }

    private sealed class Row(BlockMappedRowMapper parent, DataViewRow input, BlockCache? cache) : DataViewRow
    {
        public override DataViewSchema Schema => parent.OutputSchema;

        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
            => column.Index >= input.Schema.Count ? cache is not null : input.IsColumnActive(input.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            => BlockMappedSchema.Getter<TValue>(input, cache, column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                cache?.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>The output schema of a block mapper and the getters of its columns, shared by the cursor and the row.</summary>
internal static class BlockMappedSchema
{
    public static DataViewSchema Of(IBlockMapper mapper)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(mapper.InputSchema);
        foreach (var column in mapper.AddedColumns)
            builder.AddColumn(column.Name, column.Type);
        return builder.ToSchema();
    }

    public static ValueGetter<TValue> Getter<TValue>(DataViewRow input, BlockCache? cache, DataViewSchema.Column column)
    {
        int added = column.Index - input.Schema.Count;
        if (added < 0)
            return input.GetGetter<TValue>(input.Schema[column.Index]);
        if (cache is null)
            throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor or row was created.");
        return cache.Outputs.MakeGetter<TValue>(added, column.Name, () => cache.RowInBlock(input.Position));
    }
}
