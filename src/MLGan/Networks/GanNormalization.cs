namespace MLGan;

/// <summary>Normalization applied after each hidden layer of a GAN network.</summary>
public enum GanNormalization
{
    /// <summary>No normalization.</summary>
    None = 0,
    /// <summary>Batch normalization (running statistics are used when generating).</summary>
    BatchNorm = 1,
    /// <summary>Layer normalization (independent of the other rows of the batch).</summary>
    LayerNorm = 2,
}
