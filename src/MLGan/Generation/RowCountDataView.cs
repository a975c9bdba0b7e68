using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Generation;

/// <summary>A data view of <c>count</c> rows and no columns: the input that <c>Generate</c> hands to a transformer.</summary>
internal sealed class RowCountDataView(long count) : IDataView
{
    public DataViewSchema Schema { get; } = new DataViewSchema.Builder().ToSchema();

    public bool CanShuffle => false;

    public long? GetRowCount() => count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this, count);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor(RowCountDataView parent, long count) : DataViewRowCursor
    {
        private long _position = -1;
        private bool _done;

        public override DataViewSchema Schema => parent.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override ValueGetter<DataViewRowId> GetIdGetter()
            => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => false;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            => throw new ArgumentOutOfRangeException(nameof(column), "This data view has no columns.");

        public override bool MoveNext()
        {
            if (_done || _position + 1 >= count)
            {
                _done = true;
                _position = -1; // ML.NET cursors report -1 once past the end
                return false;
            }
            _position++;
            return true;
        }
    }
}
