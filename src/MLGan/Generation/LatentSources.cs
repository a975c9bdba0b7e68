using Microsoft.ML;
using Microsoft.ML.Data;
using MLGan.Data;

namespace MLGan.Generation;

/// <summary>
/// Supplies latent vectors for a block of rows. Blocks start at multiples of
/// <see cref="GeneratorEngine.BlockRows"/>; rows of a block that the source cannot or need not fill are zeros.
/// </summary>
internal interface ILatentSource
{
    /// <summary>Fills the block holding <paramref name="position"/>; returns the positions [First, End) whose rows are valid.</summary>
    (long First, long End) Fill(long position, long blockStart, float[] latents);
}

/// <summary>Standard-normal latents as a pure function of (seed, position): <see cref="RowNoise"/>.</summary>
internal sealed class NoiseLatents(ulong streamKey, int dimension) : ILatentSource
{
    public (long First, long End) Fill(long position, long blockStart, float[] latents)
    {
        for (int i = 0; i < GeneratorEngine.BlockRows; i++)
            RowNoise.Fill(streamKey, blockStart + i, latents.AsSpan(i * dimension, dimension));
        return (blockStart, blockStart + GeneratorEngine.BlockRows);
    }
}

/// <summary>
/// Latents read from a column by a second cursor that runs ahead of the caller's cursor over the same
/// data, so a whole block can be generated at once.
/// </summary>
internal sealed class LookaheadLatents : ILatentSource, IDisposable
{
    private readonly DataViewRowCursor _cursor;
    private readonly ValueGetter<VBuffer<float>> _getter;
    private readonly int _dimension;
    private VBuffer<float> _buffer;

    public LookaheadLatents(IDataView input, string column, int dimension)
    {
        var col = input.Schema[column];
        _cursor = input.GetRowCursor(new[] { col });
        _getter = _cursor.GetGetter<VBuffer<float>>(col);
        _dimension = dimension;
    }

    public (long First, long End) Fill(long position, long blockStart, float[] latents)
    {
        Array.Clear(latents);
        while (_cursor.Position < blockStart - 1 && _cursor.MoveNext())
        {
        }
        long end = blockStart;
        while (end < blockStart + GeneratorEngine.BlockRows && _cursor.MoveNext())
        {
            _getter(ref _buffer);
            _buffer.CopyTo(latents.AsSpan((int)(end - blockStart) * _dimension, _dimension));
            end++;
        }
        return (blockStart, end);
    }

    public void Dispose() => _cursor.Dispose();
}

/// <summary>The latent of the caller's current row only (used where no lookahead is possible, e.g. a prediction engine).</summary>
internal sealed class CurrentRowLatents(ValueGetter<VBuffer<float>> getter, int dimension) : ILatentSource
{
    private VBuffer<float> _buffer;

    public (long First, long End) Fill(long position, long blockStart, float[] latents)
    {
        Array.Clear(latents);
        getter(ref _buffer);
        _buffer.CopyTo(latents.AsSpan((int)(position - blockStart) * dimension, dimension));
        return (position, position + 1);
    }
}
