namespace MLGan;

/// <summary>
/// How each slot of a vector column is transformed before the networks see it (<see cref="GanOptions.SlotTransform"/>);
/// generated rows are mapped back, and the choice per slot is saved with the model.
/// </summary>
public enum SlotTransform
{
    /// <summary>
    /// The logarithm for a slot whose values are all positive and heavy-tailed (sample skewness above 2, and the log's
    /// skewness smaller in magnitude); no transform for the others. A log-normal slot with σ ≥ 0.6 qualifies; an
    /// exponential one (skewness 2) does not.
    /// </summary>
    Auto = 0,
    /// <summary>No transform: every slot is standardized as it is.</summary>
    None = 1,
    /// <summary>The logarithm of every slot (all values must be positive), then standardization; outputs are exp of the generator's, so always positive.</summary>
    Log = 2,
}
