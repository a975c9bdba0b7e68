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
    private readonly Action<Span<float>> _read;
    private readonly int _size;

    public LookaheadSource(IDataView input, IBlockMapper mapper)
    {
        _cursor = input.GetRowCursor(mapper.SourceColumns.Select(c => input.Schema[c]));
        _read = mapper.SourceReader(_cursor);
        _size = mapper.SourceSize;
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
            _read(source.AsSpan((int)(end - blockStart) * _size, _size));
            end++;
        }
        return (blockStart, end);
    }

    public void Dispose() => _cursor.Dispose();
}

/// <summary>Only the caller's current row (no lookahead is possible for a single row, e.g. in a prediction engine).</summary>
internal sealed class CurrentRowSource(Action<Span<float>> read, int size) : ISourceReader
{
    public (long First, long End) Read(long position, long blockStart, float[] source)
    {
        Array.Clear(source);
        read(source.AsSpan((int)(position - blockStart) * size, size));
        return (position, position + 1);
    }

    public void Dispose()
    {
    }
}

/// <summary>Source readers for block mappers.</summary>
internal static class SourceReaders
{
    /// <summary>Reads a known-size vector-of-Single column of <paramref name="size"/> values.</summary>
    public static Action<Span<float>> Vector(DataViewRow row, string column, int size)
    {
        var getter = row.GetGetter<VBuffer<float>>(row.Schema[column]);
        var buffer = default(VBuffer<float>);
        return destination =>
        {
            getter(ref buffer);
            buffer.CopyTo(destination[..size]);
        };
    }
}
