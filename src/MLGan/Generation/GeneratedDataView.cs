using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Generation;

/// <summary>The input data with the generated column added. Row order and count are the input's.</summary>
internal sealed class GeneratedDataView(IDataView input, GeneratedColumn column) : IDataView
{
    internal GeneratedColumn Column => column;

    public DataViewSchema Schema => column.OutputSchema;

    // Generated values depend on row positions, so shuffling the input would change them.
    public bool CanShuffle => false;

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        bool generate = needed.Any(c => c.Index == column.OutputIndex);
        var inputCursor = input.GetRowCursor(needed.Where(c => c.Index != column.OutputIndex).Select(c => input.Schema[c.Index]));
        return new Cursor(this, inputCursor, generate ? CreateCache() : null);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private (GeneratedRowCache Cache, IDisposable? Owned) CreateCache()
    {
        if (column.LatentColumn is null)
            return (new GeneratedRowCache(column.Engine, new NoiseLatents(column.StreamKey, column.Engine.LatentDimension)), null);
        var lookahead = new LookaheadLatents(input, column.LatentColumn, column.Engine.LatentDimension);
        return (new GeneratedRowCache(column.Engine, lookahead), lookahead);
    }

    private sealed class Cursor(GeneratedDataView parent, DataViewRowCursor input, (GeneratedRowCache Cache, IDisposable? Owned)? generated) : DataViewRowCursor
    {
        public override DataViewSchema Schema => parent.Schema;

        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column)
            => column.Index == parent.Column.OutputIndex ? generated is not null : input.IsColumnActive(input.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != parent.Column.OutputIndex)
                return input.GetGetter<TValue>(input.Schema[column.Index]);
            if (generated is null)
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
            return parent.Column.MakeGetter<TValue>(generated.Value.Cache, () => input.Position);
        }

        public override bool MoveNext() => input.MoveNext();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                input.Dispose();
                generated?.Owned?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
