create database files;
