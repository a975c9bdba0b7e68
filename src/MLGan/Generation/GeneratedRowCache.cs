
namespace MLGan.Generation;

/// <summary>
/// The generated value of the row at a position, computed a block at a time and kept until a row
/// outside the block is asked for. One per cursor or row; not thread-safe.
/// </summary>
internal sealed class GeneratedRowCache(GeneratorEngine engine, ILatentSource latents)
{
    private readonly float[] _latents = new float[GeneratorEngine.BlockRows * engine.LatentDimension];
    private readonly float[] _rows = new float[GeneratorEngine.BlockRows * engine.OutputSize];
    private long _blockStart = -1, _first = -1, _end = -1;

    public ReadOnlySpan<float> Get(long position)
    {
        if (position < 0)
            throw new InvalidOperationException("The cursor is not positioned on a row; call MoveNext first.");
        if (position < _first || position >= _end)
        {
            _blockStart = position - position % GeneratorEngine.BlockRows;
            (_first, _end) = latents.Fill(position, _blockStart, _latents);
            engine.Generate(_latents, _rows);
        }
        int size = engine.OutputSize;
        return _rows.AsSpan((int)(position - _blockStart) * size, size);
    }
}
