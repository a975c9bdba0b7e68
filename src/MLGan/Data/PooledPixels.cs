namespace MLGan.Data;

/// <summary>
/// Where the collapse monitor measures the diversity of images: each channel averaged over blocks of p x p pixels, p the
/// smallest that leaves at most 8 x 8 blocks (28x28 → 7x7, 32x32 and 64x64 → 8x8; blocks at the edges average the pixels
/// they hold). Nearby images stay nearby and distinct shapes stay apart, while the k-NN and k-means work of a check
/// shrinks by the pooling factor (16x on MNIST). A stand-in until images are scored in a learned embedding.
/// </summary>
internal sealed class PooledPixels : IScoringSpace
{
    /// <summary>Most blocks per side.</summary>
    public const int MaxBlocks = 8;

    private readonly ImageShape _shape;
    private readonly int _pool, _blocksY, _blocksX;

    public PooledPixels(ImageShape shape)
    {
        _shape = shape;
        _pool = Math.Max(1, (Math.Max(shape.Height, shape.Width) + MaxBlocks - 1) / MaxBlocks);
        _blocksY = (shape.Height + _pool - 1) / _pool;
        _blocksX = (shape.Width + _pool - 1) / _pool;
    }

    /// <summary>Values per projected image.</summary>
    public int Size => _shape.Channels * _blocksY * _blocksX;

    public float[] Project(float[] decodedRows, int decodedSize)
    {
        if (decodedSize != _shape.Size)
            throw new ArgumentException($"expected images of {_shape.Size} values, got rows of {decodedSize}");
        int rows = decodedRows.Length / decodedSize, area = _shape.Height * _shape.Width;
        var result = new float[rows * Size];
        var planar = new float[decodedSize];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> image = decodedRows.AsSpan(r * decodedSize, decodedSize);
            if (_shape.Interleaved)
            {
                _shape.ToPlanar(image, planar);
                image = planar;
            }
            var pooled = result.AsSpan(r * Size, Size);
            for (int c = 0; c < _shape.Channels; c++)
            {
                var plane = image.Slice(c * area, area);
                for (int by = 0; by < _blocksY; by++)
                {
                    for (int bx = 0; bx < _blocksX; bx++)
                    {
                        double sum = 0;
                        int count = 0;
                        for (int y = by * _pool; y < Math.Min(_shape.Height, (by + 1) * _pool); y++)
                        {
                            for (int x = bx * _pool; x < Math.Min(_shape.Width, (bx + 1) * _pool); x++, count++)
                                sum += plane[y * _shape.Width + x];
                        }
                        pooled[(c * _blocksY + by) * _blocksX + bx] = (float)(sum / count);
                    }
                }
            }
        }
        return result;
    }
}
