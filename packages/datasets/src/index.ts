// Public surface of @gradient/datasets: course data sets as float64 tensors, read from local files only.
export * from './errors';
export * from './idx';
export * from './image-set-slice';
export * from './mnist';
export * from './prediction-csv';
export * from './cifar10';
export * from './course-npy';
export * from './order';
export * from './fashion-mnist';
