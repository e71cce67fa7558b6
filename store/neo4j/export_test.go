package neo4j

// SetSearchTake sets how many candidates the first read of a search brings, until the returned
// function restores it.
func SetSearchTake(n int) (restore func()) {
	old := searchTake
	searchTake = n
	return func() { searchTake = old }
}
