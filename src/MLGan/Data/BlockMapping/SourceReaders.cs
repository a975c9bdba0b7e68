using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Data.BlockMapping;

/// <summary>Supplies the source vectors of a block and says which of its rows are valid.</summary>
internal interface ISourceReader : IDisposable
{
    /// <summary>Fills <paramref name="source"/> (zeros where no row is read); returns the valid positions [First, End).</summary>
    (long First, long End) Read(long position, long blockStart, float[] source);
}

/// <summary>No source column: every row of the block is valid (its values depend on its position only).</summary>
internal sealed class PositionOnlySource : ISourceReader
{
    public (long First, long End) Read(long position, long blockStart, float[] source) => (blockStart, blockStart + BlockSize.Rows);

    public void Dispose()
    {
    }
}

/// <summary>
/// Reads a whole block ahead with a second cursor over the same data (ML.NET cursors without a random
/// generator visit rows in the same order), so a block is mapped with one call.
/// </summary>
internal sealed class LookaheadSource : ISourceReader
{
    private readonly DataViewRowCursor _cursor;
    private readonly ValueGetter<VBuffer<float>> _getter;
    private readonly int _size;
    private VBuffer<float> _buffer;

    public LookaheadSource(IDataView input, string column, int size)
    {
        var col = input.Schema[column];
        _cursor = input.GetRowCursor(new[] { col });
        _getter = _cursor.GetGetter<VBuffer<float>>(col);
        _size = size;
    }

    public (long First, long End) Read(long position, long blockStart, float[] source)
    {
        Array.Clear(source);
        while (_cursor.Position < blockStart - 1 && _cursor.MoveNext())
        {
        }
        long end = blockStart;
        while (end < blockStart + BlockSize.Rows && _cursor.MoveNext())
        {
            _getter(ref _buffer);
            _buffer.CopyTo(source.AsSpan((int)(end - blockStart) * _size, _size));
            end++;
        }
        return (blockStart, end);
    }

    public void Dispose() => _cursor.Dispose();
}

/// <summary>Only the caller's current row (no lookahead is possible for a single row, e.g. in a prediction engine).</summary>
internal sealed class CurrentRowSource(ValueGetter<VBuffer<float>> getter, int size) : ISourceReader
{
    private VBuffer<float> _buffer;

    public (long First, long End) Read(long position, long blockStart, float[] source)
    {
        Array.Clear(source);
        getter(ref _buffer);
        _buffer.CopyTo(source.AsSpan((int)(position - blockStart) * size, size));
        return (position, position + 1);
    }

    public void Dispose()
    {
    }
}
