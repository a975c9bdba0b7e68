using MLGan.Data;

namespace MLGan.Engine;

/// <summary>
/// Row indices of successive training batches: a permutation per epoch, incomplete tail batches dropped. Epoch e's
/// permutation is a Fisher–Yates shuffle driven by a counter-based generator keyed by (seed, e), so the sampler's whole
/// state is two numbers (<see cref="BatchesDrawn"/> and the epoch size): a checkpoint restores it exactly, which
/// <see cref="System.Random"/>'s hidden state did not allow.
/// </summary>
internal sealed class BatchSampler
{
    private readonly int[] _order;
    private readonly int _batchSize;
    private readonly ulong _key;
    private long _shuffledEpoch = -1;

    public BatchSampler(int rows, int batchSize, int seed)
    {
        if (rows < batchSize)
            throw new ArgumentOutOfRangeException(nameof(rows), "fewer rows than a batch");
        _order = new int[rows];
        _batchSize = batchSize;
        _key = RowNoise.Mix((ulong)(uint)seed ^ 0x5851F42D4C957F2DUL);
    }

    public int BatchesPerEpoch => _order.Length / _batchSize;

    /// <summary>Batches handed out so far: the sampler's state.</summary>
    public long BatchesDrawn { get; private set; }

    public double Epoch => (double)BatchesDrawn / BatchesPerEpoch;

    public long[] Next()
    {
        long epoch = BatchesDrawn / BatchesPerEpoch;
        if (epoch != _shuffledEpoch)
            Shuffle(epoch);
        int start = (int)(BatchesDrawn % BatchesPerEpoch) * _batchSize;
        var batch = new long[_batchSize];
        for (int i = 0; i < _batchSize; i++)
            batch[i] = _order[start + i];
        BatchesDrawn++;
        return batch;
    }

    /// <summary>Continues after <paramref name="batchesDrawn"/> batches, as if they had been drawn.</summary>
    public void Restore(long batchesDrawn)
    {
        if (batchesDrawn < 0)
            throw new InvalidDataException($"a batch sampler cannot have drawn {batchesDrawn} batches");
        BatchesDrawn = batchesDrawn;
    }

    private void Shuffle(long epoch)
    {
        for (int i = 0; i < _order.Length; i++)
            _order[i] = i;
        // SplitMix64: the i-th draw is the finalizer of key + i·γ, a pure function of (seed, epoch, i).
        ulong key = RowNoise.Mix(_key ^ RowNoise.Mix((ulong)epoch));
        for (int i = _order.Length - 1; i > 0; i--)
        {
            ulong bits = RowNoise.Mix(key + (ulong)i * 0x9E3779B97F4A7C15UL);
            int j = (int)((bits >> 11) % (ulong)(i + 1)); // 53 random bits: the modulo bias is below rows / 2^53
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
        _shuffledEpoch = epoch;
    }
}
