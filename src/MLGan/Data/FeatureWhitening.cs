namespace MLGan;

/// <summary>
/// Whether a vector column's standardized slots are also PCA-whitened before the networks see them
/// (<see cref="GanOptions.Whitening"/>): rotated onto their principal directions and each direction scaled to unit
/// variance; generated rows are rotated back. Saved with the model. Used when the GAN does not work by mode
/// (<see cref="ModeNormalization"/>, which whitens each mode, or the rows as one mode, instead).
/// </summary>
/// <remarks>
/// Whitening matters when rows lie close to a lower-dimensional structure: a mode's small spread off a plane, or
/// columns that nearly follow a linear relation. Per-slot standardization leaves such a direction at a tiny scale, and
/// generators then drop it (modes flat in that direction: precision stays high while recall falls). Whitened, every
/// direction is at unit scale. Directions without any variance (exact linear relations between columns, up to float
/// rounding) are written as the relation says, whatever the generator outputs there.
/// </remarks>
public enum FeatureWhitening
{
    /// <summary>
    /// Whiten when some principal direction of the standardized slots holds less than 1% of an average slot's variance
    /// (but more than none), for rows of 2 to 64 values; otherwise per-slot standardization alone. Rows spread in every
    /// direction (the 2-D ring and grid, independent columns) are not whitened and train exactly as without this option.
    /// </summary>
    Auto = 0,
    /// <summary>Per-slot standardization only; rows without clear modes are then not modelled as one whitened mode either.</summary>
    None = 1,
    /// <summary>Always whiten (rows of 2 to 1,024 values), the column as a whole: mode normalization off.</summary>
    Always = 2,
}
