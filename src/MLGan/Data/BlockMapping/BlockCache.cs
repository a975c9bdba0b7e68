namespace MLGan.Data.BlockMapping;

/// <summary>
/// The mapped block holding the current row, recomputed when a row outside it is asked for.
/// One per cursor or row; not thread-safe.
/// </summary>
internal sealed class BlockCache(IBlockMapper mapper, ISourceReader reader) : IDisposable
{
    private readonly float[] _source = new float[BlockSize.Rows * Math.Max(1, mapper.SourceSize)];
    private long _blockStart = -1, _first = -1, _end = -1;

    public BlockOutputs Outputs { get; } = new(mapper.AddedColumns);

    /// <summary>Maps the block holding <paramref name="position"/> if needed; returns the row's index in the block.</summary>
    public int RowInBlock(long position)
    {
        if (position < 0)
            throw new InvalidOperationException("The cursor is not positioned on a row; call MoveNext first.");
        if (position < _first || position >= _end)
        {
            _blockStart = position - position % BlockSize.Rows;
            (_first, _end) = reader.Read(position, _blockStart, _source);
            mapper.MapBlock(_blockStart, _first, _end, _source, Outputs);
        }
        return (int)(position - _blockStart);
    }

    public void Dispose() => reader.Dispose();
}
