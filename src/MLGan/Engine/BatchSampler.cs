namespace MLGan.Engine;

/// <summary>
/// Row indices of successive training batches: a seeded permutation per epoch, incomplete tail batches
/// dropped. Managed and seeded, so the batch order depends only on the seed.
/// </summary>
internal sealed class BatchSampler
{
    private readonly Random _random;
    private readonly int[] _order;
    private readonly int _batchSize;
    private int _next;

    public BatchSampler(int rows, int batchSize, int seed)
    {
        if (rows < batchSize)
            throw new ArgumentOutOfRangeException(nameof(rows), "fewer rows than a batch");
        _random = new Random(seed);
        _order = Enumerable.Range(0, rows).ToArray();
        _batchSize = batchSize;
        _next = rows; // forces a shuffle on first use
    }

    public int BatchesPerEpoch => _order.Length / _batchSize;

    /// <summary>Batches handed out so far.</summary>
    public long BatchesDrawn { get; private set; }

    public double Epoch => (double)BatchesDrawn / BatchesPerEpoch;

    public long[] Next()
    {
        if (_next + _batchSize > _order.Length)
        {
            _random.Shuffle(_order);
            _next = 0;
        }
        var batch = new long[_batchSize];
        for (int i = 0; i < _batchSize; i++)
            batch[i] = _order[_next + i];
        _next += _batchSize;
        BatchesDrawn++;
        return batch;
    }
}
