namespace Gate.Core.Rules;

/// <summary>One dataset's records for GATE007's overlap test, and who wrote them.</summary>
/// <param name="Hashes">Each record's hash (its low 64 bits), in any order, repeats allowed.</param>
/// <param name="TeacherSet">The number of the manifest's teacher set (<see cref="TeacherSets"/>).</param>
/// <param name="WriterSets">
/// Beside <paramref name="Hashes"/>, when the dataset's generator field names the one model that
/// wrote a record: that model's set number; null for a record that names none, or for every record
/// when there is no generator field (the record is then taken as written by the teacher set).
/// </param>
internal sealed record DatasetRecords(List<ulong> Hashes, int TeacherSet, int?[]? WriterSets);
